import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { EXIT, ReportedFailure } from './exitCodes.js';

/**
 * The core's LOCK_FILE_NAME, here so that finding and reading the lock does not load the core (the
 * result cache reads it before deciding whether to); a test checks the two agree.
 */
export const LOCK_FILE = 'dsl.lock';

/** `dsl.lock` sits next to the config. */
export function lockPathFor(configPath: string): string {
  return join(dirname(configPath), LOCK_FILE);
}

/** dsl.lock's text, or null when there is none; a lock that cannot be read is a failure naming it. */
export function readLockText(configPath: string): string | null {
  const path = lockPathFor(configPath);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    const shown = relative(process.cwd(), path) || path;
    const hint =
      code === 'EISDIR'
        ? `${LOCK_FILE} is the file "dsl lock" writes next to the config: rename or remove the directory`
        : `check the file's permissions, or delete it and run "dsl lock" again`;
    throw new ReportedFailure(
      `error: cannot read ${shown}: ${(error as Error).message}\n  hint: ${hint}`,
      EXIT.failure,
    );
  }
}
