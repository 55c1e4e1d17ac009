import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompileFileOptions } from '../compileConfigFile.js';
import { corePackageDir } from '../corePackage.js';
import { readLockText } from '../lockPath.js';
import { cacheDirFor } from './cacheDir.js';
import { freshManifest, type StoredResult, storeResult } from './configCache.js';

/**
 * The result cache: `dsl build` of a config whose files have not changed prints the Dockerfile it
 * compiled last time, without loading the core, the config or zod. Sound when the config is a
 * pure function of its files (purity.ts decides, when the bundle is made) and of what the key
 * holds: the compile options, dsl.lock's text, and the code that compiled it (this CLI, the core
 * the config loads, Node and its options, the locale). Anything else a build depends on makes it
 * ineligible: a config exported as a function (it is given the environment), a .dockerignore to
 * write. Lint and lock warnings are stored with the Dockerfile and printed again.
 */

/** The compile options of a build, as far as they change the Dockerfile. */
export type ResultOptions = Pick<
  CompileFileOptions,
  'target' | 'sourceName' | 'annotateRelativeTo' | 'frozenLock' | 'strict'
>;

export interface ResultKey {
  readonly configPath: string;
  readonly cacheDir: string;
  /** Everything besides the config's files and dsl.lock that the Dockerfile depends on. */
  readonly key: string;
}

/** DSL_RESULT_CACHE=0 turns the result cache off (the transpile cache stays on). */
export function resultCacheEnabled(): boolean {
  return process.env['DSL_RESULT_CACHE'] !== '0';
}

/** The key of this build's result; undefined when it cannot be known (an unreadable core, say). */
export function resultKey(configPath: string, options: ResultOptions): ResultKey | undefined {
  try {
    const cacheDir = cacheDirFor(configPath);
    return { configPath, cacheDir, key: keyText(cacheDir, options) };
  } catch {
    return undefined;
  }
}

function keyText(cacheDir: string, options: ResultOptions): string {
  return JSON.stringify({
    options: [
      options.target,
      options.sourceName,
      options.annotateRelativeTo,
      options.frozenLock === true,
      options.strict === true,
    ],
    node: [process.version, process.platform, process.arch, process.execArgv, process.env['NODE_OPTIONS']],
    locale: localeEnvironment(),
    cli: fileIdentity(fileURLToPath(import.meta.url)),
    core: coreIdentity(cacheDir),
  });
}

/**
 * The Dockerfile stored for this key, when the config's files and dsl.lock are as they were.
 * Never throws: a cache it cannot read is a miss.
 */
export function cachedResult(key: ResultKey): StoredResult | undefined {
  try {
    const manifest = freshManifest(key.cacheDir, key.configPath);
    if (!manifest?.purity.pure) return undefined;
    const result = manifest.results[key.key];
    if (!result || result.lock !== readLockText(key.configPath)) return undefined;
    return result;
  } catch {
    return undefined;
  }
}

/** Stores the Dockerfile compiled from `bundlePath`; returns why it was not stored, or undefined. */
export function rememberResult(key: ResultKey, bundlePath: string, result: StoredResult): string | undefined {
  return storeResult(key.cacheDir, key.configPath, bundlePath, key.key, result);
}

/** What sorts, formats dates or picks a time zone differently: LANG, LC_*, TZ. */
function localeEnvironment(): [string, string][] {
  return Object.entries(process.env)
    .filter((entry): entry is [string, string] => /^(LANG|LANGUAGE|LC_\w+|TZ)$/.test(entry[0]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The core the config's bundle loads (resolved from the cache directory, where the bundle lives,
 * or the CLI's own copy when the project has none): where it is, and the size, time and inode of
 * each of its dist/ scripts, which any install or rebuild changes.
 */
function coreIdentity(cacheDir: string): unknown {
  let dir: string;
  try {
    dir = dirname(createRequire(join(cacheDir, 'noop.cjs')).resolve('@dockerdsl/core/package.json'));
  } catch {
    dir = corePackageDir();
  }
  const dist = join(dir, 'dist');
  const scripts = existsSync(dist)
    ? readdirSync(dist)
        .filter((name) => /\.[cm]?js$/.test(name))
        .sort()
    : [];
  return [dir, ...scripts.map((name) => [name, fileIdentity(join(dist, name))])];
}

function fileIdentity(path: string): string {
  const stat = statSync(path, { bigint: true });
  return `${stat.size}:${stat.mtimeNs}:${stat.ino}`;
}
