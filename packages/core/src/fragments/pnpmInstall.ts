import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run } from '../api/steps.js';
import type { Mount } from '../ir/mounts.js';
import { contextFile, copyManifests, imagePath, noDuplicates, options } from './shared.js';

/**
 * Installs a pnpm project's dependencies.
 *
 * `mode: 'fetch'` (default) is pnpm's Docker pattern: copy only `pnpm-lock.yaml` and run
 * `pnpm fetch` (`deps` phase), so the download layer survives any edit except to the lockfile, even
 * in a monorepo with many `package.json` files; then, after the source is copied,
 * `pnpm install --offline` links `node_modules` from the store. That second RUN is in the `build`
 * phase, so the compiler places it after the source COPY of `copyApp()`; a source COPY without a
 * phase (a plain `copy()`) must be written before `pnpmInstall()`.
 *
 * The store (`/pnpm/store`) is a cache mount with `id=pnpm`. A cache mount can be empty when the
 * fetch layer is a cache hit (pruned builder, CI with registry cache), so with the mount the second
 * RUN uses `--prefer-offline` (downloads only what is missing); with `cacheMount: false` the store
 * is part of the fetch layer and the second RUN is strictly `--offline`.
 *
 * `mode: 'install'` copies `package.json` and `pnpm-lock.yaml` and runs
 * `pnpm install --frozen-lockfile` in the `deps` phase.
 *
 * `corepack: true` (default) runs `corepack enable pnpm` first (`toolchain` phase); Node images
 * up to 24 ship corepack.
 *
 * @example
 * pnpmInstall()
 * pnpmInstall({ mode: 'install', omitDev: true })
 */
export const pnpmInstall = defineFragment({
  name: 'pnpmInstall',
  description: 'Installs pnpm dependencies: pnpm fetch from the lockfile, then install --offline after the source.',
  options: () =>
    options({
      /** `fetch` (lockfile only, install after the source) or `install` (manifests, one install). */
      mode: z._default(z.enum(['fetch', 'install']), 'fetch'),
      /** `--prod`. Default false. */
      omitDev: z._default(z.boolean(), false),
      /** Files copied before the first RUN. Default `pnpm-lock.yaml` (fetch) or `package.json`, `pnpm-lock.yaml`. */
      manifests: z.optional(z.array(contextFile()).check(z.minLength(1))),
      /** The store as a cache mount (default) or part of the image. */
      cacheMount: z._default(z.boolean(), true),
      /** The store directory. Default `/pnpm/store`. */
      storeDir: z._default(imagePath(), '/pnpm/store'),
      /** Run `corepack enable pnpm` first. Default true. */
      corepack: z._default(z.boolean(), true),
    }).check(z.superRefine((value, ctx) => value.manifests && noDuplicates(value.manifests, ctx, ['manifests']))),
  example: 'pnpmInstall()',
  build: (opts) => {
    const mounts: Mount[] = opts.cacheMount ? [cacheMount(opts.storeDir, { id: 'pnpm' })] : [];
    const store = `--store-dir ${opts.storeDir}`;
    const prod = opts.omitDev ? ' --prod' : '';
    const corepack = opts.corepack && run('corepack enable pnpm', { phase: 'toolchain' });
    if (opts.mode === 'install') {
      return [
        corepack,
        copyManifests(opts.manifests ?? ['package.json', 'pnpm-lock.yaml'], 'deps'),
        run(`pnpm install --frozen-lockfile${prod} ${store}`, { mounts, phase: 'deps' }),
      ];
    }
    return [
      corepack,
      copyManifests(opts.manifests ?? ['pnpm-lock.yaml'], 'deps'),
      run(`pnpm fetch${prod} ${store}`, { mounts, phase: 'deps' }),
      run(`pnpm install ${opts.cacheMount ? '--prefer-offline' : '--offline'} --frozen-lockfile${prod} ${store}`, {
        mounts,
        phase: 'build',
      }),
    ];
  },
});
