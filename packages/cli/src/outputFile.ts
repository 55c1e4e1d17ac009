import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { EXIT, ReportedFailure } from './exitCodes.js';
import { writeFileAtomic } from './writeAtomic.js';

/**
 * A file dsl writes for the user (Dockerfile, bake file, dsl.lock...), written atomically; through a
 * symlink, so the file it points at is updated (the rename would replace the link itself, leaving
 * that file stale and the link gone). When it cannot be written, the report names the path and why, not Node's `EEXIST: file already exists,
 * mkdir` (which names the parent that is a file as if it were in the way).
 */
export function writeOutputFile(path: string, content: string, cwd: string = process.cwd()): void {
  const target = linkTarget(path);
  try {
    writeFileAtomic(target, content);
  } catch (error) {
    throw cannotWrite(target, error, cwd);
  }
}

/** The file a symlink (or a chain of them) points at, even when it does not exist yet; else `path`. */
function linkTarget(path: string): string {
  let at = path;
  for (let hops = 0; hops < 40 && isSymlink(at); hops++) at = resolve(dirname(at), readlinkSync(at));
  return at;
}

/** False also when the path cannot be looked at (a file where a directory should be): the write says why. */
function isSymlink(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;
  } catch {
    return false;
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
