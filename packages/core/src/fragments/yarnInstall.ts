import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run, sh } from '../api/steps.js';
import { contextFile, copyManifests, noDuplicates, options } from './shared.js';

/** Where each Yarn line keeps its global cache when running as root. */
export const YARN_CACHE = { classic: '/usr/local/share/.cache/yarn', berry: '/root/.yarn/berry/cache' } as const;

/**
 * Installs a Yarn project's dependencies as locked, manifests first (`deps` phase), with Yarn's
 * global cache as a cache mount.
 *
 * - `version: 'classic'` (Yarn 1, default): `yarn install --frozen-lockfile`, cache
 *   `/usr/local/share/.cache/yarn`; `omitDev` adds `--production`.
 * - `version: 'berry'` (Yarn 2+): copies `.yarnrc.yml` too, `corepack enable yarn` first
 *   (`toolchain` phase), `yarn install --immutable`, cache `/root/.yarn/berry/cache` (the global
 *   cache, on by default since Yarn 4); `omitDev` runs `yarn workspaces focus --all --production`.
 *
 * Without the cache mount the cache is cleaned in the same RUN.
 *
 * @example
 * yarnInstall()
 * yarnInstall({ version: 'berry', omitDev: true })
 */
export const yarnInstall = defineFragment({
  name: 'yarnInstall',
  description: 'Installs Yarn dependencies as locked (Yarn 1 or Berry), manifests first, cache mount.',
  options: () =>
    options({
      /** `classic` (Yarn 1) or `berry` (Yarn 2+). Default `classic`. */
      version: z._default(z.enum(['classic', 'berry']), 'classic'),
      /** Production dependencies only. Default false. */
      omitDev: z._default(z.boolean(), false),
      /** Files copied first. Default `package.json`, `yarn.lock` (and `.yarnrc.yml` for Berry). */
      manifests: z.optional(z.array(contextFile()).check(z.minLength(1))),
      /** Yarn's cache as a cache mount (default) or cleaned in the same RUN. */
      cacheMount: z._default(z.boolean(), true),
      /** Run `corepack enable yarn` first. Default: true for Berry, false for classic. */
      corepack: z.optional(z.boolean()),
    }).check(z.superRefine((value, ctx) => value.manifests && noDuplicates(value.manifests, ctx, ['manifests']))),
  example: 'yarnInstall()',
  build: (opts) => {
    const berry = opts.version === 'berry';
    const manifests =
      opts.manifests ?? (berry ? ['package.json', 'yarn.lock', '.yarnrc.yml'] : ['package.json', 'yarn.lock']);
    const install = berry
      ? opts.omitDev
        ? 'yarn workspaces focus --all --production'
        : 'yarn install --immutable'
      : `yarn install --frozen-lockfile${opts.omitDev ? ' --production' : ''}`;
    const clean = berry ? 'yarn cache clean --all' : 'yarn cache clean';
    return [
      (opts.corepack ?? berry) && run('corepack enable yarn', { phase: 'toolchain' }),
      copyManifests(manifests, 'deps'),
      opts.cacheMount
        ? run(install, { mounts: [cacheMount(YARN_CACHE[opts.version])], phase: 'deps' })
        : run(sh(install, clean), { phase: 'deps' }),
    ];
  },
});
