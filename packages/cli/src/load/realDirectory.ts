import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * `dir` with the symlinks of its existing part resolved (the rest may not exist yet). Node loads a
 * module from its real path and resolves the module's source map from there: a bundle's map
 * written relative to a symlinked `node_modules/.cache` named files in the link's target tree.
 */
export function realDirectory(dir: string): string {
  const missing: string[] = [];
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  return join(realpathSync(existing), ...missing);
}
