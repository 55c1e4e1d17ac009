import { posix } from 'node:path';

/**
 * The WORKDIR after `WORKDIR path`, from the one in effect (`current`, undefined while it depends
 * on the base image): a path with a variable (`expands`) makes it unknown, an absolute path sets
 * it, a relative one is joined to it. As BuildKit resolves it, for relative `--mount` targets.
 */
export function nextWorkdir(current: string | undefined, path: string, expands: boolean): string | undefined {
  if (expands && path.includes('$')) return undefined;
  if (path.startsWith('/')) return posix.normalize(path);
  return current === undefined ? undefined : posix.join(current, path);
}
