import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The core's LOCK_FILE_NAME, here so that finding and reading the lock does not load the core (the
 * result cache reads it before deciding whether to); a test checks the two agree.
 */
export const LOCK_FILE = 'dsl.lock';

/** `dsl.lock` sits next to the config. */
export function lockPathFor(configPath: string): string {
  return join(dirname(configPath), LOCK_FILE);
}

/** dsl.lock's text, or null when there is none. */
export function readLockText(configPath: string): string | null {
  try {
    return readFileSync(lockPathFor(configPath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
