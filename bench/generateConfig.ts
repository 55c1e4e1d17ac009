import {
  type Config,
  cmd,
  copy,
  env,
  expose,
  label,
  run,
  type Stage,
  stage,
  withoutPretenuring,
  workdir,
} from '@dockerdsl/core';

const v8Defaults = process.env['DSL_BENCH_V8_DEFAULTS'] === '1';

/**
 * A synthetic config: `stageCount` stages of 20 steps each, in chains of ten (every tenth stage
 * starts from an image), mixing anchored steps, phased steps that the compiler reorders, and
 * metadata, roughly like real service configs. Made as `dsl` makes a config it loads, inside
 * withoutPretenuring (V8's allocation-site pretenuring off once a config is large), since where its
 * objects lie changes how fast a compile reads them. `DSL_BENCH_V8_DEFAULTS=1` makes it with V8's
 * defaults instead, as a program that calls the core itself does unless it uses withoutPretenuring.
 */
export function generateConfig(stageCount: number): Config {
  return v8Defaults ? makeConfig(stageCount) : withoutPretenuring(() => makeConfig(stageCount));
}

/** How the configs were made, for the benchmarks' output. */
export const configHeapNote = v8Defaults
  ? 'configs made with V8 defaults (DSL_BENCH_V8_DEFAULTS=1)'
  : 'configs made as dsl loads one (withoutPretenuring)';

function makeConfig(stageCount: number): Config {
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
