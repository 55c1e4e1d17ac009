import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const coreSource = fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url));
const coreZod = fileURLToPath(new URL('./packages/core/src/zod.ts', import.meta.url));
// The example fragment library from source, so its tests and the consumer examples need no build.
const fragmentLibrarySource = fileURLToPath(new URL('./examples/fragment-library/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@dockerdsl\/core$/, replacement: coreSource },
      { find: /^@dockerdsl\/core\/zod$/, replacement: coreZod },
      { find: /^@acme\/docker-fragments$/, replacement: fragmentLibrarySource },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'examples/*.test.ts', 'examples/*/test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
