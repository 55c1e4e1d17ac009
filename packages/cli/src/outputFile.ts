import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { EXIT, ReportedFailure } from './exitCodes.js';
import { writeFileAtomic } from './writeAtomic.js';

/**
 * A file dsl writes for the user (Dockerfile, bake file, dsl.lock...), written atomically. When it
 * cannot be written, the report names the path and why, not Node's `EEXIST: file already exists,
 * mkdir` (which names the parent that is a file as if it were in the way).
 */
export function writeOutputFile(path: string, content: string, cwd: string = process.cwd()): void {
  try {
    writeFileAtomic(path, content);
  } catch (error) {
    throw cannotWrite(path, error, cwd);
  }
}

/** The text of an output file already there, or undefined; a directory in its place is reported. */
export function readOutputFile(path: string, cwd: string = process.cwd()): string | undefined {
  if (!existsSync(path)) return undefined;
  if (statSync(path).isDirectory()) throw cannotWrite(path, undefined, cwd);
  return readFileSync(path, 'utf8');
}

function cannotWrite(path: string, error: unknown, cwd: string): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  const shown = (file: string) => relative(cwd, file) || file;
  const fail = (reason: string, hint: string) =>
    new ReportedFailure(`error: cannot write ${shown(path)}: ${reason}\n  hint: ${hint}`, EXIT.failure);
  if (existsSync(path) && statSync(path).isDirectory())
    return fail('it is a directory', 'remove or rename that directory, or choose another path');
  const blocker = fileInTheWay(dirname(path));
  if (blocker !== undefined)
    return fail(`${shown(blocker)} is a file, not a directory`, 'move that file away, or choose another path');
  if (code === 'EACCES' || code === 'EPERM')
    return fail('permission denied', 'make its directory writable, or choose another path');
  if (code === 'EROFS') return fail('the file system is read-only', 'choose another path');
  return error;
}

/** The nearest existing ancestor of `dir`, when it is a file rather than a directory. */
function fileInTheWay(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(at)) return statSync(at).isDirectory() ? undefined : at;
    if (dirname(at) === at) return undefined;
  }
}
