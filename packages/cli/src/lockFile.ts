import { relative } from 'node:path';
import {
  collectImages,
  hasVariable,
  type ImageLock,
  LOCK_FILE_NAME,
  parseImageLock,
  parseImageRef,
  type ResolvedBuild,
} from '@dockerdsl/core';
import { EXIT, ReportedFailure } from './exitCodes.js';
import { lockPathFor, readLockText } from './lockPath.js';

export { lockPathFor };

/** The lock next to the config, if any; with `required`, a missing lock is a failure (exit 1). */
export function readLock(
  configPath: string,
  options: { required?: boolean; cwd?: string } = {},
): ImageLock | undefined {
  return parseLockText(readLockText(configPath), configPath, options);
}

/** readLock for a lock already read (`null`: there is none). */
export function parseLockText(
  text: string | null,
  configPath: string,
  options: { required?: boolean; cwd?: string } = {},
): ImageLock | undefined {
  const path = lockPathFor(configPath);
  const shown = relative(options.cwd ?? process.cwd(), path) || path;
  if (text === null) {
    if (!options.required) return undefined;
    throw new ReportedFailure(
      `--frozen-lock: ${shown} not found\n  hint: run "dsl lock" to resolve the config's images to digests, and commit ${LOCK_FILE_NAME}`,
      EXIT.failure,
    );
  }
  return parseImageLock(text, shown);
}

/** Images the build uses that a lock can hold: not `scratch`, not pinned by digest, no `$VARIABLES`. */
export function lockableImages(build: ResolvedBuild): { lockable: string[]; unlockable: string[] } {
  const lockable: string[] = [];
  const unlockable: string[] = [];
  for (const image of collectImages(build)) {
    if (hasVariable(image)) unlockable.push(image);
    else if (parseImageRef(image)?.digest === undefined) lockable.push(image);
  }
  return { lockable, unlockable };
}

/** Images of the build the lock lacks (emitted unpinned). */
export function missingFromLock(build: ResolvedBuild, lock: ImageLock): string[] {
  return lockableImages(build).lockable.filter((image) => !Object.hasOwn(lock.images, image));
}
