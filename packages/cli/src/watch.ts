import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isDslError } from '@dockerdsl/core';
import { EXIT, ReportedFailure, UsageError } from './exitCodes.js';
import { findConfig } from './findConfig.js';
import { formatError } from './formatError.js';
import { cacheDirFor } from './load/cacheDir.js';
import { cachedInputs, freshManifest } from './load/configCache.js';
import { lastTsxLoad } from './load/loadWithTsx.js';
import { printError, printInfo } from './output.js';
import { writeStdout } from './stdio.js';
import { type DirectoryWatch, watchDirectory } from './watchDirectory.js';
import { watchSummary } from './watchSummary.js';

/** Edits closer together than this give one rebuild (editors write a file in several steps). */
export const DEBOUNCE_MS = 100;

const CONFLICTS = ['--stdout', '--check', '--explain', '--print-ir'] as const;
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json']);

/**
 * `dsl build --watch`: builds, then rebuilds whenever the config or a local module it imports
 * changes, printing one line per build to stdout (`HH:MM:SS wrote Dockerfile (31 ms)`, or the
 * error's first line; the full report goes to stderr). The files come from the transpile cache's
 * manifest (or the last tsx load, which has none), read before the first build and after every
 * build, so a new import is watched from the next build on; their directories are watched
 * (editors replace files by renaming). Resolves
 * 0 on Ctrl-C or SIGTERM.
 */
export async function watchBuild(
  argv: readonly string[],
  runBuild: (argv: readonly string[]) => Promise<number>,
  buildOptions: ParseArgsConfig['options'],
): Promise<number> {
  const args = argv.filter((arg) => arg !== '--watch' && arg !== '-w');
  const conflict = CONFLICTS.find((flag) => args.includes(flag));
  if (conflict) throw new UsageError(`--watch writes files; it cannot be combined with ${conflict}`);
  // All of dsl build's options: one taking a value (`--target app`) must not leave it a positional.
  const { values, positionals } = parseArgs({
    args: [...args],
    options: buildOptions ?? {},
    strict: false,
    allowPositionals: true,
  });
  const cwd = process.cwd();
  const configPath = findConfig(positionals[0], typeof values.config === 'string' ? values.config : undefined);
  const outPath =
    typeof values.out === 'string' ? resolve(cwd, values.out) : resolve(dirname(configPath), 'Dockerfile');
  const shownOut = relative(cwd, outPath) || outPath;

  const watchers = new Map<string, DirectoryWatch>();
  /** Per watched directory, the file names that trigger a rebuild; undefined: any config-like file. */
  const names = new Map<string, Set<string> | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  /** A watched file changed while a build ran: that build may have read it half-written. */
  let changedDuringBuild = false;
  /**
   * The file the last build's error points at. A module that fails to bundle is in no manifest (a
   * first build, or a new import), so without this its fix would never trigger a rebuild.
   */
  let failingFile: string | undefined;

  const usesCache = values['no-cache'] !== true;
  /**
   * Whether a module the build read was saved while it ran, in a directory not watched yet (the
   * first build of a config, or a new import): the manifest holds the bytes bundled, so it is now
   * stale; a tsx load (no manifest) compares modification times with the load's start.
   */
  const savedDuringBuild = (): boolean => {
    const tsxLoad = lastTsxLoad(configPath);
    if (tsxLoad !== undefined) return tsxLoad.inputs.some((input) => modifiedSince(input, tsxLoad.startedMs));
    if (!usesCache) return false;
    const cacheDir = cacheDirFor(configPath);
    return cachedInputs(cacheDir, configPath) !== undefined && freshManifest(cacheDir, configPath) === undefined;
  };

  const once = async (): Promise<void> => {
    const started = performance.now();
    const before = readOrUndefined(outPath);
    changedDuringBuild = false;
    let line: string;
    try {
      const code = await runBuild(args);
      const after = readOrUndefined(outPath);
      const what = after !== before ? `wrote ${shownOut}` : `${shownOut} unchanged`;
      line = code === EXIT.ok ? what : `exit ${code}`;
      failingFile = undefined;
      if (code === EXIT.ok && savedDuringBuild()) again = true;
    } catch (error) {
      failingFile = errorFile(error, cwd);
      refreshWatchers();
      // An editor's save in several writes can fail a build that read the file in between; the
      // build that follows sees the saved file, so only its outcome is reported.
      if (changedDuringBuild) return;
      const report = errorReport(error, cwd, configPath);
      printError(report);
      line = `error: ${report.split('\n')[0]?.replace(/^.*?error: /, '') ?? 'failed'}`;
    }
    writeStdout(`${clock()} ${line} (${Math.round(performance.now() - started)} ms)\n`);
    refreshWatchers();
  };

  /** Runs a build; a change while it runs (`again`) gives one more after it. */
  const start = (): Promise<void> => {
    running = once().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        trigger();
      }
    });
    return running;
  };

  const trigger = (): void => {
    if (stopped) return;
    if (running) changedDuringBuild = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      void start();
    }, DEBOUNCE_MS);
  };

  const refreshWatchers = (): void => {
    if (stopped) return;
    const inputs = lastTsxLoad(configPath)?.inputs ?? cachedInputs(cacheDirFor(configPath), configPath);
    const wanted = new Map<string, Set<string> | undefined>();
    if (inputs === undefined) {
      wanted.set(dirname(configPath), undefined);
    } else {
      for (const input of [configPath, ...inputs]) {
        const dir = dirname(input);
        const set = wanted.get(dir) ?? new Set<string>();
        set.add(basename(input));
        wanted.set(dir, set);
      }
    }
    if (failingFile !== undefined) {
      const dir = dirname(failingFile);
      // A directory already watched for any config-like file needs no narrower filter.
      if (!wanted.has(dir) || wanted.get(dir) !== undefined) {
        wanted.set(dir, new Set([...(wanted.get(dir) ?? []), basename(failingFile)]));
      }
    }
    for (const [dir, watcher] of watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    names.clear();
    for (const [dir, set] of wanted) {
      names.set(dir, set);
      if (watchers.has(dir)) continue;
      // A directory that is missing is waited for: its return (a branch checked out) rebuilds.
      const watcher = watchDirectory(dir, (file) => {
        const filter = names.get(dir);
        if (file === null || (filter === undefined ? SOURCE_EXTENSIONS.has(extname(file)) : filter.has(file))) {
          trigger();
        }
      });
      watchers.set(dir, watcher);
    }
  };

  // Watching before the first build, too: a save while it runs is then rebuilt after it. Until its
  // manifest says what the config imports, this watches the last run's inputs, or the config's directory.
  refreshWatchers();
  await start();
  printInfo(`watching ${watchSummary(names)}; Ctrl-C to stop`);

  return await new Promise<number>((done) => {
    const stop = (): void => {
      stopped = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void (running ?? Promise.resolve()).finally(() => done(EXIT.ok));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Whether `path` was modified at or after `sinceMs`, or is gone. File times come from the kernel's
 * coarse clock, which may lag Date.now() by a tick: a save just after `sinceMs` can carry an
 * earlier time, hence the margin (a save just before the build then costs one more build).
 */
function modifiedSince(path: string, sinceMs: number): boolean {
  try {
    return statSync(path).mtimeMs >= sinceMs - 50;
  } catch {
    return true;
  }
}

function clock(): string {
  const now = new Date();
  return [now.getHours(), now.getMinutes(), now.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** The user's source file an error is located in (not a package's), when it names one. */
function errorFile(error: unknown, cwd: string): string | undefined {
  if (!isDslError(error)) return undefined;
  const file = error.location.callSite?.file;
  if (file === undefined || file.includes('/node_modules/')) return undefined;
  return resolve(cwd, file);
}

function errorReport(error: unknown, cwd: string, configPath: string): string {
  if (error instanceof ReportedFailure || error instanceof UsageError) return error.message;
  return formatError(error, cwd, configPath);
}
