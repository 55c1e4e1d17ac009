import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';

let loaded: typeof Esbuild | undefined;

/**
 * esbuild, loaded on first use (only a config that is not in the transpile cache needs it), with
 * `require`: it is CommonJS, and `import()` of it starts Node's ES module loader, whose scan of
 * the file for export names alone cost ~30 ms a cold `dsl build`.
 */
export function esbuild(): typeof Esbuild {
  loaded ??= createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  return loaded;
}
