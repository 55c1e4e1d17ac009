import { createRequire } from 'node:module';
import { isAbsolute, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { corePackageDir } from '../corePackage.js';
import { importModule } from '../importModule.js';
import { loadsAsCommonJs } from './packageType.js';

/** What a tsx load of a config read, for `dsl build --watch` (which has no cache manifest then). */
export interface TsxLoad {
  /** The config and the local modules it imported (absolute paths, none under node_modules). */
  readonly inputs: readonly string[];
  /** `Date.now()` as the load began: an input modified since may have been read half-saved, or before the save. */
  readonly startedMs: number;
}

/** Per config, its last load in this process when that was by tsx; absent after a load from the cache. */
const loads = new Map<string, TsxLoad>();
/** The local CommonJS modules the previous tsx load left in require.cache. */
let cachedByPreviousLoad: string[] = [];

/**
 * Imports the config with tsx in this process (`--no-cache`, or no writable cache), as a module
 * namespace (a CommonJS config's `module.exports` is its `default`). A second load
 * (`dsl build --watch`) must see edits: in a package that is not `"type": "module"` tsx loads
 * modules with require(), whose cache hands a later load the first load's copy of every module
 * the config imports. Those copies are dropped first.
 */
export async function loadWithTsx(configPath: string): Promise<unknown> {
  const requireCache = createRequire(configPath).cache;
  for (const key of cachedByPreviousLoad) delete requireCache[key];
  const before = new Set(Object.keys(requireCache));
  const imported = new Set<string>([configPath]);
  const isLocal = localTo(corePackageDir());
  const startedMs = Date.now();
  try {
    if (loadsAsCommonJs(configPath)) {
      // tsx's ES module loader would wrap a CommonJS config in a data: URL module without a source
      // map, and every call site would then point into dsl itself; its require() keeps the file.
      const { require: tsxRequire } = await importModule<typeof import('tsx/cjs/api')>('tsx/cjs/api');
      return { default: tsxRequire(configPath, configPath) };
    }
    const { tsImport } = await importModule<typeof import('tsx/esm/api')>('tsx/esm/api');
    return await tsImport(pathToFileURL(configPath).href, {
      parentURL: import.meta.url,
      // ES modules are reported here; CommonJS ones show up in require.cache.
      onImport: (url) => {
        const path = url.startsWith('file:') ? fileURLToPath(url) : undefined;
        if (path !== undefined && isLocal(path)) imported.add(path);
      },
    });
  } finally {
    cachedByPreviousLoad = Object.keys(requireCache).filter((key) => !before.has(key) && isLocal(withoutQuery(key)));
    for (const key of cachedByPreviousLoad) imported.add(withoutQuery(key));
    loads.set(configPath, { inputs: [...imported].sort(), startedMs });
  }
}

/** The last load of `configPath` in this process, when tsx made it. */
export function lastTsxLoad(configPath: string): TsxLoad | undefined {
  return loads.get(configPath);
}

/** Notes that `configPath` was last loaded some other way (from the transpile cache). */
export function forgetTsxLoad(configPath: string): void {
  loads.delete(configPath);
}

/** The user's own files: not a package's (node_modules, or this CLI's core in a workspace). */
function localTo(coreDir: string): (path: string) => boolean {
  return (path) => isAbsolute(path) && !path.includes(`${sep}node_modules${sep}`) && !path.startsWith(coreDir + sep);
}

/** tsx keys the modules of each import as `file?namespace=...`. */
function withoutQuery(key: string): string {
  const query = key.indexOf('?');
  return query === -1 ? key : key.slice(0, query);
}
