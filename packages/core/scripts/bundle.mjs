// Bundles dist/index.js (tsc's output) and the parts of zod it uses into dist/bundle.js, the
// package's runtime entry. One file instead of ~200 modules is what makes `dsl build` start fast:
// Node's ESM loader pays per module. Types still come from tsc's dist/*.d.ts.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../dist/index.js', import.meta.url).pathname],
  outfile: new URL('../dist/bundle.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  treeShaking: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
