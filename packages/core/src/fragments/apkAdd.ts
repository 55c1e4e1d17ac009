import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run, sh } from '../api/steps.js';
import type { MergeSpec } from '../ir/steps.js';
import { lazy } from '../schema/lazy.js';
import { normalizePackages, renderInstall } from './installCommands.js';
import { matching, options } from './shared.js';

/** `name`, `name@tag`, or `name` with a version constraint (`=`, `~`, `<`, `>`, `<=`, `>=`, `~=`). */
const apkPackage = lazy(() =>
  matching(
    /^[a-z0-9][A-Za-z0-9._+-]*(@[a-z0-9]+)?((=|~|<|>|<=|>=|~=)[A-Za-z0-9._+-]+)?$/,
    'an Alpine package name (optionally with @tag and a version constraint such as =1.2-r0)',
  ),
);

/**
 * Installs Alpine packages with `apk add`. Adjacent `apkAdd` calls are merged by the compiler.
 *
 * By default `/var/cache/apk` is a cache mount (linked as apk's cache), so downloads are reused
 * between builds and never stored in the image; with `cacheMounts: false` it uses `--no-cache`.
 * Version constraints are quoted for the shell (`'curl>8'`).
 *
 * @example
 * apkAdd(['curl', 'tini'])
 */
export const apkAdd = defineFragment({
  name: 'apkAdd',
  description: 'Installs Alpine packages with apk (cache mount or --no-cache, mergeable).',
  options: () =>
    options({
      /** Packages to install; sorted and deduplicated. */
      packages: z.array(apkPackage()).check(z.minLength(1, 'no packages given')),
      /** Keep apk's cache in a cache mount (default) or use `apk add --no-cache`. */
      cacheMounts: z._default(z.boolean(), true),
    }),
  positional: 'packages',
  example: "apkAdd(['curl', 'tini'])",
  build: ({ packages, cacheMounts }) => {
    const merge: MergeSpec = { strategy: 'apk', packages: normalizePackages(packages), cacheMounts };
    const { commands, mounts } = renderInstall(merge);
    return { ...run(sh(...commands), { mounts, phase: 'system' }), merge };
  },
});
