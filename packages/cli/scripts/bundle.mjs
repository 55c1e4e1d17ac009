// Bundles the CLI's own modules (tsc's dist/) into one file, dist/dsl.js, the `dsl` executable.
// One file, not a chunk per command: Node's ESM loader costs about a millisecond per module here
// (resolve, realpath, read, link), more than parsing the commands `dsl build` does not run; esbuild
// keeps each lazily imported command's top level lazy. Packages stay external: @dockerdsl/core must
// be the very module the user's config imports, and esbuild, tsx and ts-morph load only when a
// command needs them.
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
rmSync(`${dist}chunks`, { recursive: true, force: true });
await build({
  entryPoints: { dsl: `${dist}bin.js` },
  outdir: dist,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
chmodSync(`${dist}dsl.js`, 0o755);
