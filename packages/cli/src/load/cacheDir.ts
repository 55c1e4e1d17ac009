import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hash128 } from '@dockerdsl/core/loader';

/**
 * Where compiled configs are cached: `node_modules/.cache/dsl` of the nearest ancestor that has a
 * `node_modules` (bare imports in the cached bundle then resolve exactly as from the config), or a
 * per-directory folder in the OS temp dir for projects without one. Always safe to delete.
 */
export function cacheDirFor(configPath: string): string {
  for (let dir = dirname(configPath); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'dsl');
    if (dirname(dir) === dir) break;
  }
  return join(tmpdir(), 'dsl-cache', hash128(dirname(configPath)).slice(0, 16));
}

/** A path inside a transpile cache directory of either kind `cacheDirFor` returns (for messages). */
export const IN_CACHE_DIR = /(?:\/\.cache\/dsl|\/dsl-cache\/[0-9a-f]+)\//;
