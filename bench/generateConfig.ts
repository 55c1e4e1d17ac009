import { type Config, cmd, copy, env, expose, label, run, type Stage, stage, workdir } from '@dockerdsl/core';

/**
 * A synthetic config: `stageCount` stages of 20 steps each, in chains of ten (every tenth stage
 * starts from an image), mixing anchored steps, phased steps that the compiler reorders, and
 * metadata, roughly like real service configs.
 */
export function generateConfig(stageCount: number): Config {
  const stages: Stage[] = [];
  for (let i = 0; i < stageCount; i++) {
    const from = i % 10 === 0 ? 'debian:bookworm-slim' : (stages[i - 1] as Stage);
    stages.push(
      stage(`s${i}`, { from }, [
        workdir('/app'),
        env('STAGE', String(i)),
        copy('.', '.', { phase: 'source' }),
        copy(['package.json', 'package-lock.json'], './', { phase: 'deps' }),
        run('npm ci', { phase: 'deps' }),
        run(`npm run build -- --stage ${i}`, { phase: 'build' }),
        run('apt-get update && apt-get install -y curl', { phase: 'system' }),
        expose(3000 + (i % 1000)),
        label('stage', `s${i}`),
        copy('config', '/etc/app', { phase: 'source' }),
        run('make test'),
        env('MODE', i % 2 === 0 ? 'even' : 'odd'),
        run('echo done', { phase: 'build' }),
        copy('assets', './assets', { phase: 'source' }),
        run('python -m venv /venv', { phase: 'toolchain' }),
        run('pip install -r requirements.txt', { phase: 'deps' }),
        copy('requirements.txt', '.', { phase: 'deps' }),
        label('index', String(i)),
        run('true', { phase: 'build' }),
        cmd(['node', 'server.js']),
      ]),
    );
  }
  return { targets: [stages[stages.length - 1] as Stage], stages };
}
