import { fileURLToPath } from 'node:url';
import type { CallSite } from './origin.js';

// Frames inside this package's code (src/ or dist/, not its tests) are the library's own; the first
// frame outside them is the caller.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const ownDirs = [`${packageRoot}src/`, `${packageRoot}dist/`];

const FRAME = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?$/;

/**
 * The file:line:column of the nearest caller outside `@dockerdsl/core` (and outside `skipRoots`,
 * the roots of fragment libraries that want their caller's position instead of their own).
 */
export function captureCallSite(skipRoots: readonly string[] = []): CallSite | undefined {
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = previousLimit;
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const raw = match[1] as string;
    const file = raw.startsWith('file://') ? fileURLToPath(raw.split('?')[0] as string) : raw;
    if (ownDirs.some((dir) => file.startsWith(dir)) || skipRoots.some((root) => file.startsWith(root))) continue;
    if (file.includes('/node_modules/tsx/')) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
