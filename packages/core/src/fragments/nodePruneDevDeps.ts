import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run } from '../api/steps.js';
import { optionalFirst, options } from './shared.js';
import { YARN_CACHE } from './yarnInstall.js';

const COMMANDS = {
  npm: 'npm prune --omit=dev',
  pnpm: 'pnpm prune --prod',
  yarn: 'yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline',
  'yarn-berry': 'yarn workspaces focus --all --production',
} as const;

/**
 * Removes dev dependencies from `node_modules` after the build, so a runtime stage can copy a
 * production-only `node_modules` from the build stage. In the `build` phase: written after the
 * build steps, it stays after them.
 *
 * Yarn has no prune: for `yarn` and `yarn-berry` the production install re-runs (offline where it
 * can), with the cache mount.
 *
 * @example
 * nodePruneDevDeps()
 * nodePruneDevDeps({ manager: 'pnpm' })
 */
export const nodePruneDevDeps = optionalFirst(
  defineFragment({
    name: 'nodePruneDevDeps',
    description: 'Removes dev dependencies from node_modules after the build (npm, pnpm or yarn).',
    options: () =>
      options({
        /** The package manager that installed `node_modules`. Default `npm`. */
        manager: z._default(z.enum(['npm', 'pnpm', 'yarn', 'yarn-berry']), 'npm'),
      }),
    positional: 'manager',
    example: 'nodePruneDevDeps()',
    build: ({ manager }) => {
      const mounts =
        manager === 'yarn'
          ? [cacheMount(YARN_CACHE.classic)]
          : manager === 'yarn-berry'
            ? [cacheMount(YARN_CACHE.berry)]
            : [];
      return run(COMMANDS[manager], { mounts, phase: 'build' });
    },
  }),
);
