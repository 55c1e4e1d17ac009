/**
 * Loads a CommonJS bundle (the core's, its zod, the CLI's) as a classic script with a V8 code
 * cache, so a `dsl build` that ran before reuses the compiled code instead of parsing and compiling
 * half a megabyte again. Node 22 does this for every module (`module.enableCompileCache`); Node 20
 * offers only `vm.Script`'s `cachedData`, and only for classic scripts: hence CommonJS bundles.
 *
 * Not part of those bundles: built on its own as dist/loader.cjs, which the generated entries
 * (scripts/bundle.mjs of the core and of the CLI) require to run them.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { hash128 } from './hash128.js';
import { withPretenuringAsStarted } from './pretenuring.js';

export { hash128 };

/** What happened to the code cache: used, absent, refused by V8 (another V8 or flags), or switched off. */
export type CodeCacheState = 'hit' | 'miss' | 'rejected' | 'off';

export interface LoadedScript {
  readonly exports: Record<string, unknown>;
  readonly cache: CodeCacheState;
  /** The cache file read (or, on a miss, to be written); undefined when caching is off. */
  readonly cacheFile: string | undefined;
  /**
   * Writes the cache from what has been compiled so far (call it late: functions compiled lazily
   * during the run are included). Returns false when the directory is not writable; never throws.
   * After `completeCodeCachesAtExit()` it writes the complete cache instead.
   */
  save(): boolean;
}

export interface LoadOptions {
  /**
   * Where cache files go. Default: `.cache` beside the bundle, so the cache is trusted exactly as
   * much as the code it was made from (whoever can write one can write the other) and is removed
   * with the package. A read-only install just runs without it.
   */
  readonly cacheDir?: string;
  /** `DSL_CODE_CACHE=0` switches caching off, e.g. to compare timings. */
  readonly enabled?: boolean;
  /**
   * A hash of the file's content computed when it was built (scripts/bundle.mjs writes it into
   * the entry), so a start needs neither a hash of half a megabyte nor node:crypto (~5 ms to load).
   * Without it the content is hashed here.
   */
  readonly sourceHash?: string;
}

// The CommonJS wrapper on the bundle's first line, as Node's own loader does: line numbers in
// stack traces stay those of the file.
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_END = '\n})';

/**
 * A cache holds the functions compiled by the run that wrote it, so one written by `dsl --version`
 * leaves a later `dsl build` compiling most of the core again. Hence two files: the first run
 * writes a partial cache (`<name>.v8cache`); a run doing representative work (`dsl build`) calls
 * `completeCodeCachesAtExit()` and writes the complete one (`<name>.full.v8cache`), preferred from
 * then on, and never rewritten.
 */
interface CacheFiles {
  readonly partial: string;
  readonly complete: string;
}

interface Registered {
  readonly loaded: LoadedScript;
  readonly files: CacheFiles | undefined;
  readonly complete: boolean;
  completeRequested: boolean;
  saveAtExit: boolean;
}

interface Registry {
  readonly entries: Registered[];
  exitHooked: boolean;
}

/** Every script loaded with a cache, shared by all copies of this loader in the process. */
function registry(): Registry {
  const key = Symbol.for('dockerdsl.codeCaches');
  const holder = globalThis as { [key]?: Registry };
  holder[key] ??= { entries: [], exitHooked: false };
  return holder[key];
}

/** One exit hook writes every cache that is due (late: lazily compiled functions are included). */
function saveDueCachesAtExit(): void {
  const shared = registry();
  if (shared.exitHooked) return;
  shared.exitHooked = true;
  process.once('exit', () => {
    for (const entry of shared.entries) if (entry.saveAtExit) entry.loaded.save();
  });
}

/**
 * Runs a bundle as the generated entries do: with the code cache, written at exit when absent or
 * refused; `DSL_TRACE_LOAD=1` says which (`dsl: code cache hit for core.cjs (<cache file>)`).
 * Returns its exports.
 */
export function runCachedBundle(file: string, sourceHash: string): Record<string, unknown> {
  const entry = load(file, { sourceHash });
  const { loaded } = entry;
  if (loaded.cache === 'miss' || loaded.cache === 'rejected') {
    entry.saveAtExit = true;
    saveDueCachesAtExit();
  }
  if (process.env['DSL_TRACE_LOAD']) {
    process.stderr.write(`dsl: code cache ${loaded.cache} for ${basename(file)} (${loaded.cacheFile})\n`);
  }
  return loaded.exports;
}

/**
 * This run did representative work: at exit, write the complete cache of every script loaded
 * without one (a no-op for scripts read from a complete cache, and with caching off).
 */
export function completeCodeCachesAtExit(): void {
  for (const entry of registry().entries) {
    if (entry.files === undefined || entry.complete) continue;
    entry.completeRequested = true;
    entry.saveAtExit = true;
  }
  saveDueCachesAtExit();
}

export function loadScriptWithCodeCache(file: string, options: LoadOptions = {}): LoadedScript {
  return load(file, options).loaded;
}

function load(file: string, options: LoadOptions): Registered {
  const source = readFileSync(file, 'utf8');
  const enabled = options.enabled ?? process.env['DSL_CODE_CACHE'] !== '0';
  const files = enabled
    ? cacheFiles(
        options.cacheDir ?? join(dirname(file), '.cache'),
        cacheName(file, options.sourceHash ?? sha256(file, source)),
      )
    : undefined;
  const completeData = files === undefined ? undefined : readIfPresent(files.complete);
  const cachedData = completeData ?? (files === undefined ? undefined : readIfPresent(files.partial));
  const cacheFile = files === undefined ? undefined : completeData ? files.complete : files.partial;
  // A hashbang line is valid only at the very start of a file, which the wrapper no longer is: it
  // becomes a comment, as Node's own loader treats it (the line count stays the same).
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  const script = withPretenuringAsStarted(
    () => new Script(WRAPPER_START + body + WRAPPER_END, { filename: file, cachedData }),
  );
  const currentData = () => withPretenuringAsStarted(() => script.createCachedData());
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const cache: CodeCacheState =
    cacheFile === undefined
      ? 'off'
      : cachedData === undefined
        ? 'miss'
        : script.cachedDataRejected
          ? 'rejected'
          : 'hit';
  const entry: Registered = {
    loaded: {
      exports: module.exports,
      cache,
      cacheFile,
      save: () => {
        if (files === undefined) return false;
        if (!entry.completeRequested) {
          // A complete cache V8 refused (another V8 or flags) would be read, and refused, again.
          if (completeData !== undefined && cache === 'rejected') removeQuietly(files.complete);
          return writeCache(files.partial, currentData());
        }
        const written = writeCache(files.complete, currentData());
        if (written) removeQuietly(files.partial);
        return written;
      },
    },
    files,
    complete: completeData !== undefined && cache === 'hit',
    completeRequested: false,
    saveAtExit: false,
  };
  registry().entries.push(entry);
  return entry;
}

function cacheFiles(dir: string, name: string): CacheFiles {
  return { partial: join(dir, `${name}.v8cache`), complete: join(dir, `${name}.full.v8cache`) };
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // A partial cache left behind is only unused.
  }
}

/**
 * V8 checks a cache's version and flags but only the source's length, so the name identifies the
 * content: its hash, and the file's inode, size and modification time, so that a bundle edited in
 * place after its hash was recorded (a hand patch) is not served the old cache either. The Node
 * version and architecture keep two installed runtimes from refusing each other's cache in turn,
 * and Node's options (command line and NODE_OPTIONS) two ways of running it: V8 refuses a cache
 * made under other V8 flags, so runs that alternate (`node --expose-gc` for the benchmark, plain
 * `dsl` between) would otherwise each find the other's cache, refuse it and write their own.
 */
function cacheName(file: string, contentHash: string): string {
  const stat = statSync(file, { bigint: true });
  // The options themselves, not their values (a `-e` script, say): a value that does change V8's
  // flags then shares a name and is refused by V8, which is only slower.
  const options = `${process.execArgv.filter(isOption).join('\0')}\0${process.env['NODE_OPTIONS'] ?? ''}`;
  const identity = `${contentHash}\0${stat.ino}\0${stat.size}\0${stat.mtimeNs}\0${process.version}\0${process.arch}\0${options}`;
  return `${basename(file)}.${hash128(identity)}`;
}

function isOption(arg: string): boolean {
  return arg.startsWith('-');
}

/** node:crypto's sha256, loaded only when no build-time hash was given. */
function sha256(file: string, text: string): string {
  const crypto = createRequire(file)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(text).digest('hex');
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Atomic (temp file + rename). Caches of other runtimes are kept (a bench under other flags must not
 * evict the CLI's); a rebuilt bundle starts from an empty cache directory (scripts/bundle.mjs).
 */
function writeCache(cacheFile: string, data: Buffer): boolean {
  const dir = dirname(cacheFile);
  // pid and time make the name unique: no two live processes share a pid (no node:crypto needed).
  const temp = join(dir, `.${basename(cacheFile)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, cacheFile);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The directory itself is unusable: nothing was written.
    }
    return false;
  }
}
