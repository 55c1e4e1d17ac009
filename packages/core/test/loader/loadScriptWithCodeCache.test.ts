import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScriptWithCodeCache } from '../../src/loader/loadScriptWithCodeCache.js';

let scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch = [];
});

/** A CommonJS "bundle" whose functions need compiling, and its cache directory. */
function bundleFixture(source: string) {
  const dir = mkdtempSync(join(tmpdir(), 'dsl-code-cache-'));
  scratch.push(dir);
  const file = join(dir, 'core.cjs');
  writeFileSync(file, source);
  return { file, cacheDir: join(dir, '.cache') };
}

const loaderSource = fileURLToPath(new URL('../../src/loader/loadScriptWithCodeCache.ts', import.meta.url));

/** Runs an ES module `driver` (TypeScript imports allowed) in a new Node process; its stdout. */
function runInNewProcess(driver: string, nodeFlags: readonly string[] = []): string {
  const result = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', driver], {
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/**
 * Loads the bundle in a fresh Node process, as each `dsl` run does: within one process V8 reuses
 * the script it compiled already and never looks at the cache, so only a new process proves a hit.
 */
function loadInNewProcess(
  file: string,
  cacheDir: string,
  save: boolean,
  sourceHash?: string,
  nodeFlags: string[] = [],
) {
  const options = { cacheDir, ...(sourceHash ? { sourceHash } : {}) };
  const driver = `import { loadScriptWithCodeCache } from ${JSON.stringify(loaderSource)};
const loaded = loadScriptWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(options)});
const saved = ${save} ? loaded.save() : undefined;
console.log(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer(), saved }));`;
  return JSON.parse(runInNewProcess(driver, nodeFlags)) as { cache: string; answer: number; saved?: boolean };
}

const answerSource = (value: number) =>
  `"use strict";\nconst path = require('node:path');\nexports.answer = () => ${value};\nexports.base = path.basename(__filename);\n`;

describe('loadScriptWithCodeCache', () => {
  it('runs the bundle as CommonJS: exports, require and __filename work', () => {
    const { file, cacheDir } = bundleFixture(answerSource(42));
    const loaded = loadScriptWithCodeCache(file, { cacheDir });
    expect((loaded.exports['answer'] as () => number)()).toBe(42);
    expect(loaded.exports['base']).toBe('core.cjs');
  });

  it('misses, saves, then hits in the next process', () => {
    const { file, cacheDir } = bundleFixture(answerSource(1));
    expect(loadInNewProcess(file, cacheDir, true)).toEqual({ cache: 'miss', answer: 1, saved: true });
    expect(loadInNewProcess(file, cacheDir, false)).toEqual({ cache: 'hit', answer: 1 });
  });

  it('never uses the cache of other content, even of the same length (V8 checks only the length)', () => {
    const { file, cacheDir } = bundleFixture(answerSource(1));
    loadInNewProcess(file, cacheDir, true);
    writeFileSync(file, answerSource(2));
    expect(loadInNewProcess(file, cacheDir, false)).toEqual({ cache: 'miss', answer: 2 });
  });

  it('with a build-time hash: hits in the next process without hashing the content', () => {
    const { file, cacheDir } = bundleFixture(answerSource(1));
    expect(loadInNewProcess(file, cacheDir, true, 'a'.repeat(64))).toEqual({ cache: 'miss', answer: 1, saved: true });
    expect(loadInNewProcess(file, cacheDir, false, 'a'.repeat(64))).toEqual({ cache: 'hit', answer: 1 });
    // Another build-time hash (another build of the bundle) never meets this cache.
    expect(loadInNewProcess(file, cacheDir, false, 'b'.repeat(64))).toEqual({ cache: 'miss', answer: 1 });
  });

  it('with a build-time hash: a bundle patched in place after its hash was recorded is not served the old cache', () => {
    const { file, cacheDir } = bundleFixture(answerSource(1));
    loadInNewProcess(file, cacheDir, true, 'a'.repeat(64));
    // Same length, same recorded hash (the entry was not rebuilt): only the file itself changed.
    writeFileSync(file, answerSource(2));
    expect(loadInNewProcess(file, cacheDir, false, 'a'.repeat(64))).toEqual({ cache: 'miss', answer: 2 });
  });

  it('treats a hashbang first line as a comment and keeps the line count', () => {
    const { file, cacheDir } = bundleFixture(
      '#!/usr/bin/env node\n"use strict";\nexports.line = () => new Error().stack;\n',
    );
    const loaded = loadScriptWithCodeCache(file, { cacheDir });
    expect((loaded.exports['line'] as () => string)()).toContain(`${file}:3:`);
  });

  it('survives a corrupt cache: V8 refuses it, the bundle still runs, and saving repairs it', () => {
    const { file, cacheDir } = bundleFixture(answerSource(7));
    loadInNewProcess(file, cacheDir, true);
    const [cacheName] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, cacheName as string), Buffer.from('not a code cache'));
    expect(loadInNewProcess(file, cacheDir, true)).toEqual({ cache: 'rejected', answer: 7, saved: true });
    expect(loadInNewProcess(file, cacheDir, false)).toEqual({ cache: 'hit', answer: 7 });
  });

  it('runs without a cache where it cannot write one, and leaves no temporary files', () => {
    const { file } = bundleFixture(answerSource(3));
    const blocker = join(tmpdir(), `dsl-code-cache-blocker-${process.pid}`);
    writeFileSync(blocker, 'a file where the cache directory would be');
    scratch.push(blocker);
    const loaded = loadScriptWithCodeCache(file, { cacheDir: join(blocker, 'cache') });
    expect(loaded.save()).toBe(false);
    expect((loaded.exports['answer'] as () => number)()).toBe(3);
  });

  it('is switched off by enabled: false (DSL_CODE_CACHE=0) and writes nothing', () => {
    const { file, cacheDir } = bundleFixture(answerSource(4));
    const loaded = loadScriptWithCodeCache(file, { cacheDir, enabled: false });
    expect(loaded.cache).toBe('off');
    expect(loaded.cacheFile).toBeUndefined();
    expect(loaded.save()).toBe(false);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('keeps the line numbers of the bundle in stack traces', () => {
    const { file, cacheDir } = bundleFixture(
      '"use strict";\n\n\nexports.fail = () => {\n  throw new Error("boom");\n};\n',
    );
    const loaded = loadScriptWithCodeCache(file, { cacheDir });
    let stack = '';
    try {
      (loaded.exports['fail'] as () => void)();
    } catch (error) {
      stack = (error as Error).stack ?? '';
    }
    expect(stack).toContain(`${file}:5:`);
  });

  it('keeps a cache per set of Node options, so runs that alternate them each hit their own', () => {
    const { file, cacheDir } = bundleFixture(answerSource(6));
    const gcFlags = ['--expose-gc'];
    expect(loadInNewProcess(file, cacheDir, true)).toEqual({ cache: 'miss', answer: 6, saved: true });
    expect(loadInNewProcess(file, cacheDir, true, undefined, gcFlags)).toEqual({
      cache: 'miss',
      answer: 6,
      saved: true,
    });
    expect(loadInNewProcess(file, cacheDir, false)).toEqual({ cache: 'hit', answer: 6 });
    expect(loadInNewProcess(file, cacheDir, false, undefined, gcFlags)).toEqual({ cache: 'hit', answer: 6 });
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it('writes one cache file per runtime and content, nothing else', () => {
    const { file, cacheDir } = bundleFixture(answerSource(5));
    loadScriptWithCodeCache(file, { cacheDir }).save();
    loadScriptWithCodeCache(file, { cacheDir }).save();
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^core\.cjs\.[0-9a-f]{32}\.v8cache$/)]);
  });

  it('writes the complete cache once a representative run asks for it, and prefers it from then on', () => {
    const { file, cacheDir } = bundleFixture(answerSource(6));
    // A first run (say `dsl --version`) leaves a partial cache.
    expect(loadInNewProcess(file, cacheDir, true)).toEqual({ cache: 'miss', answer: 6, saved: true });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^core\.cjs\.[0-9a-f]{32}\.v8cache$/)]);
    // A representative run (say `dsl build`) hits it and, at exit, replaces it with the complete one.
    const representative = `import { completeCodeCachesAtExit, loadScriptWithCodeCache } from ${JSON.stringify(loaderSource)};
const loaded = loadScriptWithCodeCache(${JSON.stringify(file)}, { cacheDir: ${JSON.stringify(cacheDir)} });
completeCodeCachesAtExit();
console.log(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer() }));`;
    expect(JSON.parse(runInNewProcess(representative))).toEqual({ cache: 'hit', answer: 6 });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^core\.cjs\.[0-9a-f]{32}\.full\.v8cache$/)]);
    expect(loadInNewProcess(file, cacheDir, false)).toEqual({ cache: 'hit', answer: 6 });
    // Which file a later run reads: in a new process with the same Node options (the cache's name
    // depends on them, and this test's own process has others).
    const which = runInNewProcess(`import { loadScriptWithCodeCache } from ${JSON.stringify(loaderSource)};
console.log(loadScriptWithCodeCache(${JSON.stringify(file)}, { cacheDir: ${JSON.stringify(cacheDir)} }).cacheFile);`);
    expect(which.trim()).toMatch(/\.full\.v8cache$/);
  });

  it('drops a complete cache V8 refuses, instead of reading it again on every run', () => {
    const { file, cacheDir } = bundleFixture(answerSource(8));
    loadInNewProcess(file, cacheDir, true);
    const [partial] = readdirSync(cacheDir);
    const complete = join(cacheDir, (partial as string).replace(/\.v8cache$/, '.full.v8cache'));
    writeFileSync(complete, Buffer.from('not a code cache'));
    rmSync(join(cacheDir, partial as string));
    expect(loadInNewProcess(file, cacheDir, true)).toEqual({ cache: 'rejected', answer: 8, saved: true });
    expect(readdirSync(cacheDir)).toEqual([partial]);
    expect(loadInNewProcess(file, cacheDir, false)).toEqual({ cache: 'hit', answer: 8 });
  });
});
