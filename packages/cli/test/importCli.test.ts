/**
 * `dsl import` through the real binary: golden configs for three official images, writing and
 * overwrite protection, warnings with line numbers, rejections, exit codes, and ts-morph staying
 * out of `dsl build`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, runCli, scratchProjects } from './runCli.js';

const goldens = fileURLToPath(new URL('./__golden__/import/', import.meta.url));
const official = join(repoRoot, '..', 'shared', 'corpus', 'official');

const project = scratchProjects();

function biomeFormat(code: string): string {
  const result = spawnSync(
    join(repoRoot, 'node_modules/.bin/biome'),
    ['format', '--stdin-file-path=docker.config.ts'],
    {
      cwd: repoRoot,
      input: code,
      encoding: 'utf8',
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const GOLDEN = {
  python: 'docker-library__python__3.14__slim-trixie__Dockerfile',
  node: 'nodejs__docker-node__24__bookworm-slim__Dockerfile',
  golang: 'docker-library__golang__1.27__alpine3.24__Dockerfile',
} as const;

describe.skipIf(!existsSync(official))('golden configs for official images', () => {
  for (const [name, file] of Object.entries(GOLDEN)) {
    it(`${name}: imports to the golden config, formatted, which dsl build compiles`, async () => {
      const dir = project({});
      copyFileSync(join(official, file), join(dir, 'Dockerfile'));
      const imported = runCli(['import'], dir);
      expect(imported.code, imported.stderr).toBe(0);
      const code = readFileSync(join(dir, 'docker.config.ts'), 'utf8');
      await expect(code).toMatchFileSnapshot(join(goldens, `${name}.golden.ts`));
      // Reads like code a person would write: biome, with the repository's settings, changes nothing.
      expect(biomeFormat(code)).toBe(code);
      const built = runCli(['build', '--stdout'], dir);
      expect(built.code, built.stderr).toBe(0);
      expect(built.stdout).toContain('FROM ');
    });
  }
});

describe('dsl import', () => {
  const dockerfile = [
    '# syntax=docker/dockerfile:1.7',
    'FROM python:3.12-slim AS app',
    'WORKDIR /app',
    'COPY requirements.txt ./',
    'RUN pip install --no-cache-dir -r requirements.txt',
    'COPY --frm=x . .',
    'MAINTAINER someone',
    'CMD ["python", "app.py"]',
    '',
  ].join('\n');

  it('writes docker.config.ts next to the Dockerfile, with a summary and the next step', () => {
    const dir = project({ Dockerfile: dockerfile });
    const result = runCli(['import'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('wrote docker.config.ts: 1 stage, 1 fragment, 2 warnings');
    expect(result.stderr).toContain(
      'next: dsl build . --stdout shows the Dockerfile it compiles to (dsl build does not replace Dockerfile without --force)',
    );
    const code = readFileSync(join(dir, 'docker.config.ts'), 'utf8');
    expect(code).toContain("pipInstall({ requirements: 'requirements.txt' }),");
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'docker.config.ts']);
    // The config compiles; dsl build still refuses to replace the hand-written Dockerfile.
    expect(runCli(['build', '--stdout'], dir).code).toBe(0);
    expect(runCli(['build'], dir).code).toBe(1);
  });

  it('prints each warning with its line, and notes what it recognised', () => {
    const dir = project({ Dockerfile: dockerfile });
    const result = runCli(['import', '--stdout'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: Dockerfile:6: unknown flag: --frm (BuildKit rejects it); dropped');
    expect(result.stderr).toContain('warning: Dockerfile:7: MAINTAINER (deprecated) sets the image author');
    expect(result.stderr).toContain(
      'note: Dockerfile:4: COPY of the requirements and pip install recognised as pipInstall',
    );
    expect(result.stdout).toContain('// TODO(dsl import): line 6: unknown flag: --frm');
    expect(result.stdout).toContain('// TODO(dsl import): line 7: MAINTAINER');
    expect(existsSync(join(dir, 'docker.config.ts'))).toBe(false);
  });

  it('never overwrites an existing file without --force', () => {
    const dir = project({ Dockerfile: dockerfile, 'docker.config.ts': '// mine\n' });
    const refused = runCli(['import'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to overwrite docker.config.ts: it exists');
    expect(readFileSync(join(dir, 'docker.config.ts'), 'utf8')).toBe('// mine\n');
    const forced = runCli(['import', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'docker.config.ts'), 'utf8')).toContain("stage('app'");
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'docker.config.ts']);
  });

  it('--out, --raw, and - for stdin', () => {
    const dir = project({ 'build/Dockerfile.prod': dockerfile });
    const result = runCli(['import', 'build/Dockerfile.prod', '--out', 'config/app.ts', '--raw'], dir);
    expect(result.code, result.stderr).toBe(0);
    // dsl build would write config/Dockerfile, not the imported build/Dockerfile.prod.
    expect(result.stderr).toContain(
      'next: dsl build --config config/app.ts --stdout shows the Dockerfile it compiles to\n',
    );
    const code = readFileSync(join(dir, 'config/app.ts'), 'utf8');
    expect(code).toContain("run('pip install --no-cache-dir -r requirements.txt'),");
    expect(code).toContain('optimize: { orderForCache: false, mergeRuns: false, hoistSharedPrefix: false },');
    const piped = spawnSync(process.execPath, [binPath, 'import', '-', '--stdout'], {
      cwd: dir,
      input: 'FROM alpine:3.20\nRUN echo hi\n',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain("const final = stage('final', { from: 'alpine:3.20' }, [run('echo hi')]);");
  });

  it('rejects an invalid Dockerfile with its line and writes nothing (exit 1)', () => {
    const dir = project({ Dockerfile: 'FROM alpine\nENV PATH\n', 'Dockerfile.tpl': 'FROM %%BASE%%\nRUN x\n' });
    const parse = runCli(['import'], dir);
    expect(parse.code).toBe(1);
    expect(parse.stderr).toContain('dsl import: Dockerfile is not a valid Dockerfile, nothing was written');
    expect(parse.stderr).toContain('Dockerfile:2: ENV must have two arguments');
    const template = runCli(['import', 'Dockerfile.tpl'], dir);
    expect(template.code).toBe(1);
    expect(template.stderr).toContain('Dockerfile.tpl:1: FROM "%%BASE%%" holds a template placeholder');
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'Dockerfile.tpl']);
  });

  it('rejects a Dockerfile without FROM with the line of each instruction and what to do (exit 1)', () => {
    const dir = project({ Dockerfile: 'CMD ["a"]\n' });
    const result = runCli(['import'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dsl import: Dockerfile is not a valid Dockerfile, nothing was written');
    expect(result.stderr).toContain('Dockerfile:1: CMD before the first FROM: only ARG may come before FROM');
    expect(result.stderr).not.toContain('internal');
    expect(readdirSync(dir)).toEqual(['Dockerfile']);
  });

  it('exits 2 on usage errors', () => {
    const dir = project({});
    const missing = runCli(['import'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Dockerfile not found: Dockerfile');
    expect(runCli(['import', '--bogus'], dir).code).toBe(2);
    expect(runCli(['import', 'a', 'b'], dir).code).toBe(2);
    const help = runCli(['import', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: dsl import [DOCKERFILE] [options]');
  });
});

describe('ts-morph', () => {
  it('is loaded by dsl import only, never by dsl build', () => {
    const dir = project({
      Dockerfile: 'FROM alpine:3.20\nRUN echo hi\n',
      'deny-ts-morph.mjs': `export async function resolve(specifier, context, next) {
  if (specifier === 'ts-morph' || specifier.startsWith('ts-morph/')) throw new Error('ts-morph was loaded');
  return next(specifier, context);
}
`,
      // ES imports through a resolve hook, CommonJS requires (the CLI requires ts-morph) through
      // Module._load.
      'register.mjs': `import Module, { register } from 'node:module';
register('./deny-ts-morph.mjs', import.meta.url);
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'ts-morph' || request.startsWith('ts-morph/')) throw new Error('ts-morph was loaded');
  return load.call(this, request, ...rest);
};
`,
    });
    const env = { NODE_OPTIONS: `--import=${join(dir, 'register.mjs')}` };
    // The hook works: dsl import needs ts-morph and fails with it denied.
    const importing = runCli(['import', '--stdout'], dir, env);
    expect(importing.code).not.toBe(0);
    expect(importing.stderr).toContain('ts-morph was loaded');
    writeFileSync(
      join(dir, 'docker.config.ts'),
      "import { defineConfig, run, stage } from '@dockerdsl/core';\nconst app = stage('app', { from: 'alpine:3.20' }, [run('echo hi')]);\nexport default defineConfig({ targets: [app] });\n",
    );
    const building = runCli(['build', '--stdout'], dir, env);
    expect(building.code, building.stderr).toBe(0);
    expect(building.stdout).toContain('RUN echo hi');
  });
});
