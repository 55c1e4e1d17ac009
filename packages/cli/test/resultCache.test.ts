import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE_NAME } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { resultKey } from '../src/load/resultCache.js';
import { LOCK_FILE } from '../src/lockPath.js';
import { type CliResult, runCli, scratchProjects } from './runCli.js';

const project = scratchProjects();

/** How the run got its Dockerfile: `result` (the result cache), `cache`, `transpiled` or `tsx`. */
const tier = (run: CliResult) => /config loaded via (\w+)/.exec(run.stderr)?.[1];
/** stderr without the trace lines: what a user sees. */
const shown = (run: CliResult) =>
  run.stderr
    .split('\n')
    .filter((line) => !line.startsWith('dsl: '))
    .join('\n');

function build(dir: string, args: readonly string[] = ['--stdout'], env: NodeJS.ProcessEnv = {}) {
  const run = runCli(['build', ...args], dir, { DSL_TRACE_LOAD: '1', ...env });
  expect(run.code, run.stderr).toBe(0);
  return run;
}
/** The same build with the result cache off: what the Dockerfile must be. */
const compiled = (dir: string, args: readonly string[] = ['--stdout'], env: NodeJS.ProcessEnv = {}) =>
  build(dir, args, { ...env, DSL_RESULT_CACHE: '0' });

const files = {
  'docker.config.ts': `import { defineConfig, stage, user } from '@dockerdsl/core';
import { appSteps } from './parts/app.ts';

const app = stage('app', { from: 'alpine:3.20' }, [...appSteps(), user('1')]);
const tools = stage('tools', { from: 'busybox:1.36' }, [...appSteps(), user('1')]);
export default defineConfig({ targets: [tools, app], defaultTarget: app });
`,
  'parts/app.ts': `import { env } from '@dockerdsl/core';
import { VERSION } from './version.ts';

export const appSteps = () => [env('VERSION', VERSION)];
`,
  'parts/version.ts': `export const VERSION = '1.0.0';\n`,
};

describe('the result cache', () => {
  it('serves an unchanged config without loading it or the core, with the same output', () => {
    const dir = project(files);
    const first = build(dir);
    expect(tier(first)).toBe('transpiled');
    expect(first.stderr).toContain('dsl: result cache: stored');
    const again = build(dir);
    expect(tier(again)).toBe('result');
    expect(again.stderr).not.toMatch(/code cache \w+ for (core|zod)\.cjs/);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stdout).toBe(compiled(dir).stdout);
  });

  it('compiles again when the config or any module it imports changes', () => {
    const dir = project(files);
    build(dir);
    expect(tier(build(dir))).toBe('result');
    writeFileSync(join(dir, 'parts/version.ts'), `export const VERSION = '2.0.0';\n`);
    const deepEdit = build(dir);
    expect(tier(deepEdit)).toBe('transpiled');
    expect(deepEdit.stdout).toContain('ENV VERSION=2.0.0');
    expect(tier(build(dir))).toBe('result');
    const config = join(dir, 'docker.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace("'app'", "'service'"));
    const configEdit = build(dir);
    expect(tier(configEdit)).toBe('transpiled');
    expect(configEdit.stdout).toContain('AS service');
    expect(build(dir).stdout).toBe(configEdit.stdout);
  });

  it('keeps one result per set of options: --target, --annotate, the output path', () => {
    const dir = project(files);
    const variants = [
      ['--stdout'],
      ['--stdout', '--target', 'tools'],
      ['--stdout', '--annotate'],
      ['--out', 'sub/Dockerfile', '--annotate'],
    ];
    mkdirSync(join(dir, 'sub'));
    for (const args of variants) build(dir, args);
    for (const args of variants) {
      const again = build(dir, args);
      expect(tier(again), args.join(' ')).toBe('result');
      if (args[0] === '--stdout') expect(again.stdout).toBe(compiled(dir, args).stdout);
    }
    expect(build(dir, ['--stdout', '--target', 'tools']).stdout).not.toContain('AS app');
    // Written files: the Dockerfile annotated with paths relative to sub/, and up to date on reuse.
    expect(readFileSync(join(dir, 'sub/Dockerfile'), 'utf8')).toContain('# from: env (../parts/app.ts:');
    expect(build(dir, ['--out', 'sub/Dockerfile', '--annotate']).stderr).toContain('sub/Dockerfile is up to date');
  });

  it('compiles again when dsl.lock changes, and prints the lock warnings each time', () => {
    const lock = (images: string[]) =>
      `${JSON.stringify({
        lockfileVersion: 1,
        images: Object.fromEntries(
          images.map((image) => [
            image,
            {
              digest: `sha256:${image.length.toString(16).padStart(64, '0')}`,
              mediaType: 'application/vnd.oci.image.index.v1+json',
              resolved: `docker.io/library/${image}`,
            },
          ]),
        ),
      })}\n`;
    const dir = project({ ...files, 'dsl.lock': lock(['alpine:3.20']) });
    const first = build(dir);
    expect(first.stdout).toContain('FROM alpine:3.20@sha256:');
    expect(shown(first)).toContain('image "busybox:1.36" is not in dsl.lock');
    const again = build(dir);
    expect(tier(again)).toBe('result');
    expect(shown(again)).toBe(shown(first));
    writeFileSync(join(dir, 'dsl.lock'), lock(['alpine:3.20', 'busybox:1.36']));
    const relocked = build(dir);
    expect(tier(relocked)).toBe('cache');
    expect(relocked.stdout).toContain('FROM busybox:1.36@sha256:');
    expect(shown(relocked)).not.toContain('not in dsl.lock');
  });

  it('prints the lint warnings of the compile again when it reuses its result', () => {
    const dir = project({
      'docker.config.ts': `import { defineConfig, stage } from '@dockerdsl/core';
export default defineConfig({ targets: [stage('app', { from: 'alpine:latest' }, [])] });
`,
    });
    const first = build(dir);
    expect(shown(first)).toContain('no-latest-tag');
    const again = build(dir);
    expect(tier(again)).toBe('result');
    expect(shown(again)).toBe(shown(first));
    // --strict makes them fail: another key, and no result stored for a failed build.
    const strict = runCli(['build', '--stdout', '--strict'], dir, { DSL_TRACE_LOAD: '1' });
    expect(strict.code).toBe(1);
    expect(tier(runCli(['build', '--stdout', '--strict'], dir, { DSL_TRACE_LOAD: '1' }))).toBe('cache');
  });

  it.each([
    ['reads the environment', "const value = process.env['RESULT_CACHE_PROBE'] ?? 'unset';", 'process'],
    ['reads the clock', "const value = Date.now() > 0 ? 'now' : 'then';", 'Date'],
    [
      'reads a file',
      "import { readFileSync } from 'node:fs';\nconst value = readFileSync(new URL('./probe.txt', import.meta.url), 'utf8').trim();",
      'node:fs',
    ],
  ])('never reuses the Dockerfile of a config that %s', (_what, lines, reason) => {
    const dir = project({
      'docker.config.ts': `import { defineConfig, env, stage, user } from '@dockerdsl/core';
${lines}
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('VALUE', value), user('1')])] });
`,
      'probe.txt': 'one\n',
    });
    const first = build(dir, ['--stdout'], { RESULT_CACHE_PROBE: 'one' });
    expect(first.stderr).toMatch(
      new RegExp(`result cache: not stored: the config may differ between runs: .*${reason}`),
    );
    writeFileSync(join(dir, 'probe.txt'), 'two\n');
    const second = build(dir, ['--stdout'], { RESULT_CACHE_PROBE: 'two' });
    expect(tier(second)).toBe('cache');
    if (reason !== 'Date') expect(second.stdout).toContain('ENV VALUE=two');
  });

  it('never reuses the Dockerfile of a config exported as a function (it is given the environment)', () => {
    const dir = project({
      'docker.config.ts': `import { defineConfig, env, stage, user } from '@dockerdsl/core';
export default ({ env: vars }: { env: Record<string, string | undefined> }) =>
  defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('VALUE', vars['RESULT_CACHE_PROBE'] ?? ''), user('1')])] });
`,
    });
    expect(build(dir, ['--stdout'], { RESULT_CACHE_PROBE: 'one' }).stderr).toContain(
      'not stored: the config exports a function',
    );
    const second = build(dir, ['--stdout'], { RESULT_CACHE_PROBE: 'two' });
    expect(tier(second)).toBe('cache');
    expect(second.stdout).toContain('ENV VALUE=two');
  });

  it('is off with --no-cache and with DSL_RESULT_CACHE=0', () => {
    const dir = project(files);
    build(dir);
    expect(tier(build(dir, ['--stdout', '--no-cache']))).toBe('tsx');
    expect(tier(compiled(dir))).toBe('cache');
    expect(tier(build(dir))).toBe('result');
  });
});

describe('the result key', () => {
  it('changes when the core the config loads is reinstalled or rebuilt', () => {
    const dir = project({
      'docker.config.ts': '',
      'node_modules/@dockerdsl/core/package.json': JSON.stringify({
        name: '@dockerdsl/core',
        exports: { './package.json': './package.json' },
      }),
      'node_modules/@dockerdsl/core/dist/core.cjs': '// the core\n',
    });
    const configPath = join(dir, 'docker.config.ts');
    const before = resultKey(configPath, {})?.key;
    expect(before).toEqual(expect.any(String));
    expect(resultKey(configPath, {})?.key).toBe(before);
    utimesSync(join(dir, 'node_modules/@dockerdsl/core/dist/core.cjs'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(resultKey(configPath, {})?.key).not.toBe(before);
  });

  it('holds every compile option', () => {
    const dir = project({ 'docker.config.ts': '' });
    const configPath = join(dir, 'docker.config.ts');
    const keys = [
      {},
      { target: 'dev' },
      { sourceName: '../docker.config.ts' },
      { annotateRelativeTo: dir },
      { frozenLock: true },
      { strict: true },
    ].map((options) => resultKey(configPath, options)?.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("finds dsl.lock where the core's name says", () => {
    expect(LOCK_FILE).toBe(LOCK_FILE_NAME);
  });
});
