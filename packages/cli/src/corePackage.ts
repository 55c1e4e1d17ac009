import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The directory of the @dockerdsl/core package this CLI uses. */
export function corePackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@dockerdsl/core/package.json'));
}

/**
 * The core's ES module entry (what `import '@dockerdsl/core'` loads), read from its exports map:
 * the CLI itself may be running as CommonJS, where `import.meta.resolve` does not exist.
 */
export function coreModuleEntry(): string {
  const dir = corePackageDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: { '.': { default: string } };
  };
  return join(dir, manifest.exports['.'].default);
}
