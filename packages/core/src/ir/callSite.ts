import { existsSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallSite } from './origin.js';

/** The directory of the nearest package.json above this module (works bundled or not). */
function packageRootOf(moduleFile: string): string {
  for (let dir = dirname(moduleFile); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return dirname(moduleFile);
}

// Frames inside this package's code (src/ or dist/, not its tests) are the library's own; the first
// frame outside them is the caller.
const packageRoot = packageRootOf(fileURLToPath(import.meta.url));
const ownDirs = [join(packageRoot, 'src') + sep, join(packageRoot, 'dist') + sep];

type V8CallSite = {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
};
type SourceMapLike = ReturnType<typeof findSourceMap>;

const sourceMaps = new Map<string, SourceMapLike>();

function toPath(fileName: string): string {
  return fileName.startsWith('file://') ? fileURLToPath(fileName.split('?')[0] as string) : fileName;
}

/**
 * The file:line:column of the nearest caller outside `@dockerdsl/core` (and outside `skipRoots`).
 * Reads V8's structured frames (no stack text formatting, which dominated config loading time)
 * and maps them through the module's source map when one is registered (tsx registers them),
 * so positions are those of the user's TypeScript source.
 */
export function captureCallSite(skipRoots: readonly string[] = []): CallSite | undefined {
  for (const frame of structuredFrames(captureCallSite, 30)) {
    const fileName = frame.getFileName();
    if (!fileName || fileName.startsWith('node:') || fileName.startsWith('data:')) continue;
    const file = toPath(fileName);
    if (ownDirs.some((dir) => file.startsWith(dir)) || skipRoots.some((root) => file.startsWith(root))) continue;
    if (file.includes('/node_modules/tsx/')) continue;
    const line = frame.getLineNumber() ?? 0;
    const column = frame.getColumnNumber() ?? 0;
    return mapped(fileName, file, line, column);
  }
  return undefined;
}

/** Is `file` part of this copy of `@dockerdsl/core` (its src/ or dist/)? */
export function isOwnFile(file: string): boolean {
  return ownDirs.some((dir) => file.startsWith(dir));
}

/**
 * The file (mapped to its source) of the nearest caller of `callee`, inside the core or not: where
 * `defineFragment` was called from, to tell which package defines a fragment.
 */
export function callerFile(callee: (...args: never[]) => unknown): string | undefined {
  for (const frame of structuredFrames(callee, 10)) {
    const fileName = frame.getFileName();
    if (!fileName || fileName.startsWith('node:')) continue;
    const file = toPath(fileName);
    // The core's own files stay its own through any source map: no lookup (25 built-ins at import).
    if (isOwnFile(file)) return file;
    return mapped(fileName, file, frame.getLineNumber() ?? 0, frame.getColumnNumber() ?? 0).file;
  }
  return undefined;
}

/** V8's structured frames above `callee` (no stack text is formatted, which is what costs). */
function structuredFrames(callee: (...args: never[]) => unknown, limit: number): V8CallSite[] {
  const previousPrepare = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_error, frames) => frames;
  Error.stackTraceLimit = limit;
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder, callee);
  const frames = holder.stack as V8CallSite[] | undefined;
  Error.prepareStackTrace = previousPrepare;
  Error.stackTraceLimit = previousLimit;
  return frames ?? [];
}

function mapped(fileName: string, file: string, line: number, column: number): CallSite {
  let map = sourceMaps.get(fileName);
  if (map === undefined && !sourceMaps.has(fileName)) {
    map = findSourceMap(fileName) ?? findSourceMap(file);
    sourceMaps.set(fileName, map);
  }
  const entry = map?.findEntry(line - 1, column - 1) as
    | { originalSource?: string; originalLine?: number; originalColumn?: number }
    | undefined;
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
    return { file: toPath(entry.originalSource), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }
  return { file, line, column };
}
