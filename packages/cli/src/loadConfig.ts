import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type Config, DslError, withoutPretenuring } from '@dockerdsl/core';
import { exportDefaultPosition } from './exportDefaultPosition.js';
import { importModule } from './importModule.js';
import { bundleConfig } from './load/bundleConfig.js';
import { cacheDirFor } from './load/cacheDir.js';
import { cachedBundle, storeBundle } from './load/configCache.js';
import { defaultExport } from './load/defaultExport.js';
import { forgetTsxLoad, loadWithTsx } from './load/loadWithTsx.js';
import { traceLoad } from './load/traceLoad.js';
import { noteLoadedConfig } from './loadedConfigPath.js';

export interface LoadOptions {
  readonly target?: string;
  /** Skip the transpile cache (read and write): always transpile afresh. */
  readonly noCache?: boolean;
}

/**
 * Imports the config and returns the config object (calling the default export with
 * `{ target, env }` when it is a function).
 *
 * Loading is tiered for speed: an unchanged config (same content of the config and every local
 * module it imports) is imported straight from the transpile cache, with no transpiler loaded;
 * otherwise esbuild bundles it into the cache first; if the cache cannot be written, tsx loads it
 * in-process.
 */
export async function loadConfig(path: string, options: LoadOptions = {}): Promise<Config> {
  return (await loadConfigFrom(path, options)).config;
}

/** A loaded config, and where it came from. */
export interface LoadedConfig {
  readonly config: Config;
  /** The cached bundle it ran from; undefined when tsx loaded it. */
  readonly bundle?: string;
  /** Whether the default export was a function (called with the target and the environment). */
  readonly exportedFunction: boolean;
}

/** loadConfig, also telling where the config came from (for the result cache). */
export async function loadConfigFrom(path: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  noteLoadedConfig(path);
  // Stack traces and call sites then point at the TypeScript source, not the transpiled bundle.
  process.setSourceMapsEnabled(true);
  // So the config's objects lie together in memory: see withoutPretenuring.
  return withoutPretenuring(() => makeConfig(path, options));
}

async function makeConfig(path: string, options: LoadOptions): Promise<LoadedConfig> {
  const loaded = await importConfigModule(path, options.noCache === true);
  let config = defaultExport(loaded.module);
  // A default export that is a promise (e.g. from an async IIFE): wait for it, so a rejection is
  // reported with the config's location instead of crashing as an unhandled rejection.
  if (isThenable(config)) config = await config;
  const exportedFunction = typeof config === 'function';
  if (typeof config === 'function') {
    config = await (config as (context: unknown) => unknown)({ target: options.target, env: { ...process.env } });
  }
  if (!isConfigLike(config)) {
    throw new DslError(
      `the default export is not a dsl config (got ${describe(config)})`,
      { callSite: { file: path, ...exportDefaultPosition(path) } },
      'export default defineConfig({ targets: [...] }) from @dockerdsl/core',
    );
  }
  return { config, exportedFunction, ...(loaded.bundle !== undefined ? { bundle: loaded.bundle } : {}) };
}

async function importConfigModule(path: string, noCache: boolean): Promise<{ module: unknown; bundle?: string }> {
  const cacheDir = cacheDirFor(path);
  const hit = noCache ? undefined : cachedBundle(cacheDir, path);
  if (hit) {
    forgetTsxLoad(path);
    traceLoad('cache', hit);
    return { module: await loadBundle(hit), bundle: hit };
  }
  const stored = noCache ? undefined : await bundleAndStore(path, cacheDir);
  if (stored) {
    forgetTsxLoad(path);
    traceLoad('transpiled', `${stored.files} file(s) into ${stored.path}`);
    return { module: await loadBundle(stored.path), bundle: stored.path };
  }
  traceLoad('tsx', noCache ? '--no-cache' : `cache directory ${cacheDir} not writable`);
  return { module: await loadWithTsx(path) };
}

/** Bundles the config and stores it in the cache; undefined when the cache cannot be written. */
async function bundleAndStore(path: string, cacheDir: string): Promise<{ path: string; files: number } | undefined> {
  const bundle = await bundleConfig(path, cacheDir);
  try {
    return {
      path: storeBundle(cacheDir, path, bundle.code, bundle.inputs, bundle.format, bundle.purity, bundle.sources),
      files: bundle.moduleCount,
    };
  } catch {
    return undefined;
  }
}

/** Runs a cached bundle: `require` for CommonJS (no ES module loader to start), `import()` for ESM. */
function loadBundle(bundlePath: string): unknown {
  return bundlePath.endsWith('.cjs')
    ? createRequire(bundlePath)(bundlePath)
    : importModule(pathToFileURL(bundlePath).href);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function isConfigLike(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && Array.isArray((value as { targets?: unknown }).targets);
}

function describe(value: unknown): string {
  if (value === undefined) return 'no default export';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object')
    return `an object without a targets array (keys: ${Object.keys(value).join(', ') || 'none'})`;
  return `${typeof value}`;
}
