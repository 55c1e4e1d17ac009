import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run, sh } from '../api/steps.js';
import type { MergeSpec } from '../ir/steps.js';
import { lazy } from '../schema/lazy.js';
import { normalizePackages, renderInstall } from './installCommands.js';
import { matching, options } from './shared.js';

/** `name`, `name:arch`, `name=version` or `name/release`, as apt-get install takes them. */
const aptPackage = lazy(() =>
  matching(
    /^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?(=[A-Za-z0-9.+~:-]+|\/[a-z0-9.-]+)?$/,
    'a Debian package name (optionally with :arch, =version or /release)',
  ),
);

/**
 * Installs Debian/Ubuntu packages with `apt-get`. Adjacent `aptInstall` calls (after ordering) are
 * merged by the compiler into one RUN, so there is one `apt-get update` and one layer.
 *
 * By default the apt caches are cache mounts (`/var/cache/apt`, `/var/lib/apt`, `sharing=locked`):
 * downloads are kept between builds and the package lists never reach the image. Debian images
 * ship `/etc/apt/apt.conf.d/docker-clean`, which deletes downloads after every install; the RUN
 * sets it aside for its own install and puts it back, so the image's apt behaves as before. With
 * `cacheMounts: false` the lists are deleted in the same RUN instead.
 *
 * @example
 * aptInstall(['curl', 'ca-certificates'])
 * aptInstall(['libpq5'], { cacheMounts: false })
 */
export const aptInstall = defineFragment({
  name: 'aptInstall',
  description: 'Installs Debian packages with apt-get (no recommends, cache mounts, mergeable).',
  options: () =>
    options({
      /** Packages to install; sorted and deduplicated so the layer does not depend on the order. */
      packages: z.array(aptPackage()).check(z.minLength(1, 'no packages given')),
      /** Keep apt's caches in cache mounts (default) or delete the lists in the same RUN. */
      cacheMounts: z._default(z.boolean(), true),
    }),
  positional: 'packages',
  example: "aptInstall(['curl', 'ca-certificates'])",
  build: ({ packages, cacheMounts }) => {
    const merge: MergeSpec = { strategy: 'apt', packages: normalizePackages(packages), cacheMounts };
    const { commands, mounts } = renderInstall(merge);
    return { ...run(sh(...commands), { mounts, phase: 'system' }), merge };
  },
});
