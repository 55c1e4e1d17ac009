import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run } from '../api/steps.js';
import type { Mount } from '../ir/mounts.js';
import { contextFile, copyManifests, imagePath, noDuplicates, options } from './shared.js';

/**
 * Installs a pnpm project's dependencies, all before the application source (`deps` phase), so a
 * source edit reuses the install.
 *
 * `mode: 'fetch'` (default) is pnpm's Docker pattern: copy the lockfile and run `pnpm fetch`, then
 * copy the files the install reads (`packageFiles`, default `package.json`) and link `node_modules`
 * from the store with `pnpm install --offline`. The fetch copies `package.json` too by default:
 * corepack runs the pnpm it pins (`packageManager`) for the fetch as for the install, and a
 * different pnpm discards what the fetch laid out. In a monorepo whose root `package.json` pins no
 * pnpm, `manifests: ['pnpm-lock.yaml']` keeps the download layer until the lockfile changes, whatever
 * `package.json` is edited; list `pnpm-workspace.yaml` and every package's `package.json` in
 * `packageFiles`.
 *
 * The store (`/pnpm/store`) is a cache mount with `id=pnpm`. A cache mount can be empty when the
 * fetch layer is a cache hit (pruned builder, CI with registry cache), so with the mount the
 * install uses `--prefer-offline` (downloads only what is missing); with `cacheMount: false` the
 * store is part of the fetch layer and the install is strictly `--offline`.
 *
 * `mode: 'install'` copies `package.json` and `pnpm-lock.yaml` and runs
 * `pnpm install --frozen-lockfile`.
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
  description: 'Installs pnpm dependencies: pnpm fetch from the lockfile, then install --offline from the store.',
  options: () =>
    options({
      /** `fetch` (pnpm fetch, then install --offline from the store) or `install` (one install). */
      mode: z._default(z.enum(['fetch', 'install']), 'fetch'),
      /** `--prod`. Default false. */
      omitDev: z._default(z.boolean(), false),
      /** Files copied before the first RUN. Default `package.json`, `pnpm-lock.yaml`. */
      manifests: z.optional(z.array(contextFile()).check(z.minLength(1))),
      /** Fetch mode: files copied after the fetch, for the install (those in `manifests` are there already). Default `package.json`. */
      packageFiles: z.optional(z.array(contextFile()).check(z.minLength(1))),
      /** The store as a cache mount (default) or part of the image. */
      cacheMount: z._default(z.boolean(), true),
      /** The store directory. Default `/pnpm/store`. */
      storeDir: z._default(imagePath(), '/pnpm/store'),
      /** Run `corepack enable pnpm` first. Default true. */
      corepack: z._default(z.boolean(), true),
    }).check(
      z.superRefine((value, ctx) => {
        if (value.manifests) noDuplicates(value.manifests, ctx, ['manifests']);
        if (value.packageFiles) noDuplicates(value.packageFiles, ctx, ['packageFiles']);
        if (value.packageFiles && value.mode === 'install') {
          ctx.addIssue({
            code: 'custom',
            path: ['packageFiles'],
            message: "packageFiles is for mode 'fetch'; in mode 'install' list every file in manifests",
          });
        }
      }),
    ),
  example: 'pnpmInstall()',
  build: (opts) => {
    const mounts: Mount[] = opts.cacheMount ? [cacheMount(opts.storeDir, { id: 'pnpm' })] : [];
    const store = `--store-dir ${opts.storeDir}`;
    const prod = opts.omitDev ? ' --prod' : '';
    const corepack = opts.corepack && run('corepack enable pnpm', { phase: 'toolchain' });
    const manifests = opts.manifests ?? ['package.json', 'pnpm-lock.yaml'];
    if (opts.mode === 'install') {
      return [
        corepack,
        copyManifests(manifests, 'deps'),
        run(`pnpm install --frozen-lockfile${prod} ${store}`, { mounts, phase: 'deps' }),
      ];
    }
    const packageFiles = (opts.packageFiles ?? ['package.json']).filter((file) => !manifests.includes(file));
    return [
      corepack,
      copyManifests(manifests, 'deps'),
      run(`pnpm fetch${prod} ${store}`, { mounts, phase: 'deps' }),
      copyManifests(packageFiles, 'deps'),
      run(`pnpm install ${opts.cacheMount ? '--prefer-offline' : '--offline'} --frozen-lockfile${prod} ${store}`, {
        mounts,
        phase: 'deps',
      }),
    ];
  },
});
