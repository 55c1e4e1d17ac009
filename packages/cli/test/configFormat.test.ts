/**
 * The transpile cache stores a config as CommonJS when it can (no ES module loader to start) and
 * as ESM when the code needs it; either way the config must behave exactly as written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, scratchProject } from './runCli.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function build(files: Record<string, string>) {
  const { dir, cleanup } = scratchProject(files);
  cleanups.push(cleanup);
  // The result cache off: the second run is to load the cached bundle, not skip loading it.
  const env = { DSL_TRACE_LOAD: '1', DSL_RESULT_CACHE: '0' };
  const first = runCli(['build', '--stdout'], dir, env);
  expect(first.code, first.stderr).toBe(0);
  const again = runCli(['build', '--stdout'], dir, env);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toBe(first.stdout);
  const loaded = (stderr: string) => /config loaded via \w+ \(.*?(\.[cm]js)\b.*\)/.exec(stderr)?.[1];
  return { text: first.stdout, firstStderr: first.stderr, first: loaded(first.stderr), again: loaded(again.stderr) };
}

const esmPackage = (body: string) => ({
  'node_modules/esm-parts/package.json': JSON.stringify({ name: 'esm-parts', type: 'module', exports: './index.js' }),
  'node_modules/esm-parts/index.js': body,
});

describe('config bundle format', () => {
  it('is CommonJS for a plain config, from the first run and from the cache', () => {
    const result = build({
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('A', '1')])] });
`,
    });
    expect(result).toMatchObject({ first: '.cjs', again: '.cjs' });
    expect(result.text).toContain('ENV A=1');
  });

  it('takes a CommonJS config (module.exports) as its default export, as Node and --no-cache do', () => {
    const config = `const { defineConfig, env, stage } = require('@dockerdsl/core');
module.exports = defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('C', 'js')])] });
`;
    const files = { 'package.json': '{ "type": "commonjs" }\n', 'docker.config.js': config };
    const result = build(files);
    expect(result).toMatchObject({ first: '.cjs', again: '.cjs' });
    expect(result.text).toContain('ENV C=js');
    const { dir, cleanup } = scratchProject(files);
    cleanups.push(cleanup);
    expect(runCli(['build', '--stdout', '--no-cache'], dir).stdout).toBe(result.text);
  });

  it('is ESM when the config uses top-level await', () => {
    const result = build({
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
const version = await Promise.resolve('2.0');
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('V', version)])] });
`,
    });
    expect(result).toMatchObject({ first: '.mjs', again: '.mjs' });
    expect(result.text).toContain('ENV V=2.0');
  });

  it('is ESM when the config uses import.meta beyond url, dirname and filename', () => {
    const result = build({
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
const resolved = import.meta.resolve('./docker.config.ts').endsWith('/docker.config.ts') ? 'yes' : 'no';
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('R', resolved)])] });
`,
    });
    expect(result).toMatchObject({ first: '.mjs', again: '.mjs' });
    expect(result.text).toContain('ENV R=yes');
  });

  it('imports an ES module package (default and named exports) from a CommonJS bundle', () => {
    const result = build({
      ...esmPackage(`export default 'from-default';\nexport const named = 'from-named';\n`),
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
import value, { named } from 'esm-parts';
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('D', value), env('N', named)])] });
`,
    });
    expect(result).toMatchObject({ first: '.cjs', again: '.cjs' });
    expect(result.text).toContain('ENV D=from-default');
    expect(result.text).toContain('ENV N=from-named');
  });

  it('is ESM when a package it would bundle uses top-level await', () => {
    const result = build({
      ...esmPackage(`export const named = await Promise.resolve('awaited');\n`),
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
import { named } from 'esm-parts';
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('N', named)])] });
`,
    });
    expect(result).toMatchObject({ first: '.mjs', again: '.mjs' });
    expect(result.text).toContain('ENV N=awaited');
  });

  it('keeps CommonJS packages external, required from node_modules when the config runs', () => {
    const result = build({
      'node_modules/cjs-parts/package.json': JSON.stringify({ name: 'cjs-parts', main: 'index.js' }),
      'node_modules/cjs-parts/index.js': `module.exports = { where: __dirname.endsWith('/node_modules/cjs-parts') ? 'own-dir' : __dirname };\n`,
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
import parts from 'cjs-parts';
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('W', parts.where)])] });
`,
    });
    expect(result).toMatchObject({ first: '.cjs', again: '.cjs' });
    expect(result.text).toContain('ENV W=own-dir');
  });

  it('bundles an ES module package into a CommonJS bundle, and an edit of the package is a miss', () => {
    const files = {
      ...esmPackage(
        `export const named = new URL('.', import.meta.url).pathname.endsWith('/esm-parts/') ? 'own-url' : 'bundle-url';\n`,
      ),
      'docker.config.ts': `import { defineConfig, env, stage } from '@dockerdsl/core';
import { named } from 'esm-parts';
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('N', named)])] });
`,
    };
    const { dir, cleanup } = scratchProject(files);
    cleanups.push(cleanup);
    const run = () => runCli(['build', '--stdout'], dir, { DSL_TRACE_LOAD: '1', DSL_RESULT_CACHE: '0' });
    const first = run();
    expect(first.stderr).toMatch(/config loaded via transpiled \(2 file\(s\) into .*\.cjs\)/);
    expect(first.stdout).toContain('ENV N=own-url');
    expect(run().stderr).toMatch(/config loaded via cache/);
    writeFileSync(join(dir, 'node_modules/esm-parts/index.js'), `export const named = 'edited';\n`);
    const edited = run();
    expect(edited.stderr).toMatch(/config loaded via transpiled/);
    expect(edited.stdout).toContain('ENV N=edited');
  });
});
