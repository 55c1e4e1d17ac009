import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Config, compile } from '@dockerdsl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleConfig } from '../src/load/bundleConfig.js';
import { repoRoot } from './runCli.js';

// Inside the workspace, so the config resolves @dockerdsl/core as a project's would.
const dir = mkdtempSync(join(repoRoot, '.tmp-tests-purity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
async function purityOf(body: string, extraFiles: Record<string, string> = {}) {
  const case_ = join(dir, `case${count++}`);
  for (const [name, content] of Object.entries({ 'docker.config.ts': body, ...extraFiles })) {
    const path = join(case_, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return (await bundleConfig(join(case_, 'docker.config.ts'), join(case_, 'out'))).purity;
}

const config = (lines: string) => `import { defineConfig, env, stage } from '@dockerdsl/core';
${lines}
export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [env('V', String(value))])] });
`;

describe('bundle purity (whether the result cache may reuse a Dockerfile)', () => {
  it('a config of plain code is pure, whatever its properties, locals and comments are called', async () => {
    expect(
      await purityOf(
        config(
          `// reads no process.env, no Date\nconst process = { env: 1 };\nconst o = { module: 'm', fetch: 2, Date: 3 };\nconst value = o.module + o.fetch + process.env;`,
        ),
      ),
    ).toEqual({ pure: true });
  });

  it.each([
    ['the environment', 'const value = process.env.HOME;', 'process'],
    ['the clock', 'const value = Date.now();', 'Date'],
    ['a date', 'const value = new Date().getFullYear();', 'Date'],
    ['randomness', 'const value = Math.random();', 'random'],
    ['randomness by another name', 'const m = Math; const value = m.random();', 'random'],
    ['the console', 'console.log("hi"); const value = 1;', 'console'],
    ['the global object', 'const value = (globalThis as any).x;', 'globalThis'],
    ['eval', 'const value = eval("1");', ''],
    ['the Function constructor', 'const value = new Function("return 1")();', 'Function'],
    [
      'the Function constructor reached by a property',
      'const value = (() => 0).constructor("return 1")();',
      'constructor',
    ],
    ['a timer', 'const value = 1; setTimeout(() => {}, 1);', 'setTimeout'],
    ['the locale', 'const value = (1234.5).toLocaleString();', 'toLocaleString'],
    ['a locale-aware sort', "const value = ['b', 'a'].sort((x, y) => x.localeCompare(y));", 'localeCompare'],
  ])('a config that reads %s is impure', async (_what, lines, word) => {
    const purity = await purityOf(config(lines));
    expect(purity.pure).toBe(false);
    if (!purity.pure && word) expect(purity.reason).toContain(word);
  });

  it('a node: module or a package loaded at run time makes it impure', async () => {
    const fs = await purityOf(
      config(`import { readFileSync } from 'node:fs';\nconst value = readFileSync('x', 'utf8');`),
    );
    expect(fs).toEqual({ pure: false, reason: 'it loads node:fs when it runs' });
    const dynamic = await purityOf(config(`const value = 1; const name = 'x'; void import(name);`));
    expect(dynamic.pure).toBe(false);
  });

  it('a CommonJS module bundled in makes it impure (it is sloppy code: `this` is the global object)', async () => {
    const purity = await purityOf(config(`import helper from './helper.cjs';\nconst value = helper;`), {
      'helper.cjs': 'module.exports = 1;\n',
    });
    expect(purity).toEqual({ pure: false, reason: 'not every module of it is an ES module' });
  });

  it('a bundle of ES modules runs as strict code, as under tsx: `this` in a plain call is undefined', async () => {
    const case_ = join(dir, 'strict');
    mkdirSync(case_, { recursive: true });
    writeFileSync(
      join(case_, 'docker.config.ts'),
      config('function self() { return this; }\nconst value = typeof self();'),
    );
    const bundle = await bundleConfig(join(case_, 'docker.config.ts'), join(case_, 'out'));
    expect(bundle.code.startsWith('"use strict";')).toBe(true);
    expect(bundle.purity).toEqual({ pure: true });
    const file = join(case_, 'out', 'bundle.cjs');
    mkdirSync(join(case_, 'out'), { recursive: true });
    writeFileSync(file, bundle.code);
    const loaded = createRequire(import.meta.url)(file) as { default: Config };
    expect(compile(loaded.default).dockerfile).toContain('ENV V=undefined');
  });
});
