import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash128 } from '@dockerdsl/core/loader';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleConfig } from '../src/load/bundleConfig.js';
import { cachedBundle, freshManifest, MAX_RESULT_CHARS, storeBundle, storeResult } from '../src/load/configCache.js';
import { runCli, scratchProject } from './runCli.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

const files = {
  'docker.config.ts': `import { defineConfig, stage } from '@dockerdsl/core';
import { appSteps } from './parts/app.ts';

export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, appSteps())] });
`,
  'parts/app.ts': `import { env } from '@dockerdsl/core';
import { VERSION } from './version.ts';

export const appSteps = () => [env('VERSION', VERSION)];
`,
  'parts/version.ts': `export const VERSION = '1.0.0';\n`,
};

// The transpile cache alone: the result cache (tested in resultCache.test.ts) would skip loading.
function build(dir: string) {
  const result = runCli(['build', '--stdout'], dir, { DSL_TRACE_LOAD: '1', DSL_RESULT_CACHE: '0' });
  expect(result.code, result.stderr).toBe(0);
  const tier = /config loaded via (\w+)/.exec(result.stderr)?.[1];
  return { tier, text: result.stdout };
}

describe('transpile cache', () => {
  it('loads an unchanged config from the cache, and rebuilds when the config or any imported module changes', () => {
    const { dir, cleanup } = scratchProject(files);
    cleanups.push(cleanup);
    const first = build(dir);
    expect(first.tier).toBe('transpiled');
    expect(first.text).toContain('ENV VERSION=1.0.0');
    expect(build(dir)).toEqual({ tier: 'cache', text: first.text });

    writeFileSync(join(dir, 'parts/version.ts'), `export const VERSION = '2.0.0';\n`);
    const deepEdit = build(dir);
    expect(deepEdit.tier).toBe('transpiled');
    expect(deepEdit.text).toContain('ENV VERSION=2.0.0');

    writeFileSync(
      join(dir, 'parts/app.ts'),
      readFileSync(join(dir, 'parts/app.ts'), 'utf8').replace("'VERSION'", "'APP_VERSION'"),
    );
    expect(build(dir).text).toContain('ENV APP_VERSION=2.0.0');

    writeFileSync(
      join(dir, 'docker.config.ts'),
      readFileSync(join(dir, 'docker.config.ts'), 'utf8').replace("'app'", "'service'"),
    );
    const configEdit = build(dir);
    expect(configEdit.tier).toBe('transpiled');
    expect(configEdit.text).toContain('AS service');
    expect(build(dir).tier).toBe('cache');
  });

  it("rebuilds when a package's exports or the tsconfig paths point elsewhere, though no module changed", () => {
    const { dir, cleanup } = scratchProject({
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
import { part } from 'esm-parts';
import { other } from '@parts/other';

export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('PART', part), env('OTHER', other)])] });
`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@parts/*': ['./parts/one/*'] } } }),
      'parts/one/other.ts': `export const other = 'one';\n`,
      'parts/two/other.ts': `export const other = 'two';\n`,
      'node_modules/esm-parts/package.json': JSON.stringify({ name: 'esm-parts', type: 'module', exports: './a.js' }),
      'node_modules/esm-parts/a.js': `export const part = 'a';\n`,
      'node_modules/esm-parts/b.js': `export const part = 'b';\n`,
    });
    cleanups.push(cleanup);
    const first = build(dir);
    expect(first.text).toContain('ENV PART=a');
    expect(first.text).toContain('ENV OTHER=one');
    expect(build(dir).tier).toBe('cache');

    const packageJson = join(dir, 'node_modules/esm-parts/package.json');
    writeFileSync(packageJson, readFileSync(packageJson, 'utf8').replace('./a.js', './b.js'));
    const upgraded = build(dir);
    expect(upgraded.tier).toBe('transpiled');
    expect(upgraded.text).toContain('ENV PART=b');

    const tsconfig = join(dir, 'tsconfig.json');
    writeFileSync(tsconfig, readFileSync(tsconfig, 'utf8').replace('parts/one', 'parts/two'));
    const remapped = build(dir);
    expect(remapped.tier).toBe('transpiled');
    expect(remapped.text).toContain('ENV OTHER=two');
  });

  it('is safe to delete, and --no-cache neither reads nor writes it', () => {
    const { dir, cleanup } = scratchProject(files);
    cleanups.push(cleanup);
    const first = build(dir);
    const cacheDir = join(dir, '..', '..', 'node_modules', '.cache', 'dsl');
    expect(existsSync(cacheDir)).toBe(true);
    rmSync(cacheDir, { recursive: true, force: true });
    expect(build(dir)).toEqual({ tier: 'transpiled', text: first.text });
    const noCache = runCli(['build', '--stdout', '--no-cache'], dir, { DSL_TRACE_LOAD: '1' });
    expect(noCache.stderr).toContain('via tsx');
    expect(noCache.stdout).toBe(first.text);
  });

  it('--no-cache loads a config whose package is CommonJS (no "type": "module") as the cache does', () => {
    for (const exported of ['config', '() => config']) {
      const { dir, cleanup } = scratchProject({
        ...files,
        'docker.config.ts': files['docker.config.ts']
          .replace('export default defineConfig({ targets: [', `const config = defineConfig({ targets: [`)
          .concat(`export default ${exported};\n`),
        'package.json': JSON.stringify({ name: 'python-service', private: true }),
      });
      cleanups.push(cleanup);
      const cached = runCli(['build', '--stdout'], dir);
      expect(cached.stdout).toContain('ENV VERSION=1.0.0');
      const noCache = runCli(['build', '--stdout', '--no-cache'], dir, { DSL_TRACE_LOAD: '1' });
      expect(noCache.code, noCache.stderr).toBe(0);
      expect(noCache.stderr).toContain('config loaded via tsx');
      expect(noCache.stdout).toBe(cached.stdout);
      // The warnings name the config's lines, not a place inside dsl.
      expect(cached.stderr).toMatch(/^docker\.config\.ts:4:\d+: warning: target "app" never sets USER/);
      expect(noCache.stderr.replace(/^dsl: .*\n/gm, '')).toBe(cached.stderr);
    }
  });

  it('--no-cache in a CommonJS package: top-level await is reported with what to change, not as a syntax error', () => {
    const { dir, cleanup } = scratchProject({
      ...files,
      'docker.config.ts': `const ready = await Promise.resolve(true);\n${files['docker.config.ts']}`,
      'package.json': JSON.stringify({ name: 'python-service', private: true }),
    });
    cleanups.push(cleanup);
    expect(build(dir).text).toContain('ENV VERSION=1.0.0');
    const noCache = runCli(['build', '--stdout', '--no-cache'], dir);
    expect(noCache.code).toBe(1);
    expect(noCache.stderr).toContain('docker.config.ts:1:15: error: Top-level await is currently not supported');
    expect(noCache.stderr).toContain(
      'hint: top-level await needs an ES module: add "type": "module" to package.json, or name the file .mts',
    );
  });

  it('keeps import.meta.url pointing at each source file', () => {
    const { dir, cleanup } = scratchProject({
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
import { fileURLToPath } from 'node:url';
import { where } from './lib/where.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('A', here), env('B', where())])] });
`,
      'lib/where.ts': `export const where = () => (import.meta.url.endsWith('/lib/where.ts') ? 'lib-file' : import.meta.url);\n`,
    });
    cleanups.push(cleanup);
    const text = build(dir).text;
    expect(text).toContain(`ENV A=${dir}/\n`);
    expect(text).toContain('ENV B=lib-file');
  });

  it('compares inputs byte for byte (a same-length edit is a miss) and never serves one config the manifest of another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsl-config-cache-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const cacheDir = join(dir, 'cache');
    const config = join(dir, 'a.config.ts');
    const other = join(dir, 'b.config.ts');
    writeFileSync(config, "export const V = '1.0.0';\n");
    writeFileSync(other, "export const V = '1.0.0';\n");
    const bundle = storeBundle(cacheDir, config, 'export const V = "1.0.0";\n', [config], 'esm', {
      pure: false,
      reason: 'the bundle is an ES module',
    });
    expect(cachedBundle(cacheDir, config)).toBe(bundle);

    writeFileSync(config, "export const V = '1.0.1';\n");
    expect(cachedBundle(cacheDir, config)).toBeUndefined();
    writeFileSync(config, "export const V = '1.0.0';\n");
    expect(cachedBundle(cacheDir, config)).toBe(bundle);

    // As if the two paths' names collided: b's manifest slot holds a's manifest.
    const manifestOf = (path: string) => join(cacheDir, `${hash128(path).slice(0, 24)}.json`);
    copyFileSync(manifestOf(config), manifestOf(other));
    expect(cachedBundle(cacheDir, other)).toBeUndefined();
  });

  // Found by a review: the manifest recorded the inputs as read after bundling, so a save between
  // esbuild's read and that one was recorded with the old code's bundle, which the next run reused.
  it('records the inputs as bundled: a module saved during the build is a miss, not a stale hit', async () => {
    const { dir, cleanup } = scratchProject(files);
    cleanups.push(cleanup);
    const cacheDir = join(dir, 'cache');
    const config = join(dir, 'docker.config.ts');
    const bundle = await bundleConfig(config, cacheDir);
    expect(bundle.code).toContain('1.0.0');
    // The editor's save lands after esbuild read the module, before the manifest is written.
    writeFileSync(join(dir, 'parts/version.ts'), `export const VERSION = '2.0.0';\n`);
    storeBundle(cacheDir, config, bundle.code, bundle.inputs, bundle.format, bundle.purity, bundle.sources);
    expect(cachedBundle(cacheDir, config)).toBeUndefined();
    // Saved back, the files are what was bundled: a hit.
    writeFileSync(join(dir, 'parts/version.ts'), `export const VERSION = '1.0.0';\n`);
    expect(cachedBundle(cacheDir, config)).toBeDefined();
  });

  it('stores a result only for the bundle the manifest names, and a new bundle starts with none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsl-config-cache-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const cacheDir = join(dir, 'cache');
    const config = join(dir, 'a.config.ts');
    writeFileSync(config, "export const V = '1.0.0';\n");
    const pure = { pure: true } as const;
    const result = { dockerfile: 'FROM a\n', header: '# Generated by dsl', lock: null, findings: [], unpinned: [] };
    const first = storeBundle(cacheDir, config, 'exports.V = "1.0.0";\n', [config], 'cjs', pure);
    expect(storeResult(cacheDir, config, first, 'key', result)).toBeUndefined();
    expect(freshManifest(cacheDir, config)?.results).toEqual({ key: result });

    // Another process rebuilt the bundle meanwhile: a result of the first is not recorded for it.
    const second = storeBundle(cacheDir, config, 'exports.V = "1.0.1";\n', [config], 'cjs', pure);
    expect(freshManifest(cacheDir, config)?.results).toEqual({});
    expect(storeResult(cacheDir, config, first, 'key', result)).toBe('the bundle was rebuilt meanwhile');
    expect(freshManifest(cacheDir, config)?.results).toEqual({});

    const impure = storeBundle(cacheDir, config, 'exports.V = process.env.V;\n', [config], 'cjs', {
      pure: false,
      reason: 'its code uses process',
    });
    expect(impure).not.toBe(second);
    expect(storeResult(cacheDir, config, impure, 'key', result)).toBe(
      'the config may differ between runs: its code uses process',
    );

    const current = storeBundle(cacheDir, config, 'exports.V = "1.0.2";\n', [config], 'cjs', pure);
    const huge = { ...result, dockerfile: 'x'.repeat(MAX_RESULT_CHARS + 1) };
    expect(storeResult(cacheDir, config, current, 'key', huge)).toBe(
      `the Dockerfile is over ${MAX_RESULT_CHARS} characters`,
    );
    expect(freshManifest(cacheDir, config)?.results).toEqual({});
  });
});
