import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run, sh } from '../api/steps.js';
import { contextFile, copyManifests, noDuplicates, options } from './shared.js';

/**
 * Installs a Node project's dependencies exactly as locked: copies `package.json` and
 * `package-lock.json`, then `npm ci` with npm's cache as a cache mount (`/root/.npm`), both in
 * the `deps` phase, so editing the source does not reinstall. `--no-audit --no-fund` skip network
 * round trips that do not change what is installed.
 *
 * `omitDev: true` adds `--omit=dev` for a production image; a build stage that compiles the source
 * usually needs the dev dependencies (prune them afterwards with `nodePruneDevDeps()`). Add
 * workspace manifests to `manifests` when the install needs them; an `.npmrc` with a token goes in
 * a secret mount (`secretRun`), never in `manifests`, which a COPY puts in a layer.
 *
 * @example
 * npmCi({ omitDev: true })
 */
export const npmCi = defineFragment({
  name: 'npmCi',
  description: 'Installs locked Node dependencies with npm ci (manifests first, /root/.npm cache mount).',
  options: () =>
    options({
      /** `--omit=dev`. Default false. */
      omitDev: z._default(z.boolean(), false),
      /** Files copied before the install. Default `package.json`, `package-lock.json`. */
      manifests: z._default(z.array(contextFile()).check(z.minLength(1)), ['package.json', 'package-lock.json']),
      /** `--ignore-scripts`: do not run install scripts. Default false. */
      ignoreScripts: z._default(z.boolean(), false),
      /** npm's cache as a cache mount (default), or `npm cache clean --force` in the same RUN. */
      cacheMount: z._default(z.boolean(), true),
    }).check(z.superRefine((value, ctx) => noDuplicates(value.manifests, ctx, ['manifests']))),
  example: 'npmCi({ omitDev: true })',
  build: (opts) => {
    const install = [
      'npm ci',
      ...(opts.omitDev ? ['--omit=dev'] : []),
      ...(opts.ignoreScripts ? ['--ignore-scripts'] : []),
      '--no-audit --no-fund',
    ].join(' ');
    return [
      copyManifests(opts.manifests, 'deps'),
      opts.cacheMount
        ? run(install, { mounts: [cacheMount('/root/.npm')], phase: 'deps' })
        : run(sh(install, 'npm cache clean --force'), { phase: 'deps' }),
    ];
  },
});
