import type { Mount } from '../ir/mounts.js';
import type { MergeSpec } from '../ir/steps.js';
import { shellQuote } from './shell.js';

/**
 * The RUN text for a system package install, shared by the `aptInstall`/`apkAdd` fragments and the
 * `mergeRuns` pass (which renders one install for several merged specs).
 */
export interface InstallCommand {
  readonly commands: readonly string[];
  readonly mounts: readonly Mount[];
}

/** Sorted, unique: merged installs and reordered package lists give the same layer. */
export function normalizePackages(packages: readonly string[]): string[] {
  return [...new Set(packages)].sort();
}

const DOCKER_CLEAN = '/etc/apt/apt.conf.d/docker-clean';
/** Outside apt.conf.d, so apt does not read it while it is set aside. */
const DOCKER_CLEAN_ASIDE = '/etc/apt/docker-clean.dsl-aside';

export function renderInstall(spec: MergeSpec): InstallCommand {
  // Quoted where needed: apk version constraints such as `curl>8` contain shell operators.
  const packages = normalizePackages(spec.packages).map(shellQuote).join(' ');
  switch (spec.strategy) {
    case 'apt':
      return spec.cacheMounts
        ? {
            // Cache mounts keep downloads between builds and keep apt lists out of the image.
            // docker-clean (in Debian images) would delete the downloads after each install: it is
            // set aside for this install only and put back, so a plain `apt-get install` later in
            // the image (or an image built on it) still cleans up after itself.
            mounts: [
              { type: 'cache', target: '/var/cache/apt', sharing: 'locked' },
              { type: 'cache', target: '/var/lib/apt', sharing: 'locked' },
            ],
            commands: [
              `if [ -f ${DOCKER_CLEAN} ]; then mv ${DOCKER_CLEAN} ${DOCKER_CLEAN_ASIDE}; fi`,
              'apt-get update',
              `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages}`,
              `if [ -f ${DOCKER_CLEAN_ASIDE} ]; then mv ${DOCKER_CLEAN_ASIDE} ${DOCKER_CLEAN}; fi`,
            ],
          }
        : {
            mounts: [],
            commands: [
              'apt-get update',
              `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages}`,
              'rm -rf /var/lib/apt/lists/*',
            ],
          };
    case 'apk':
      return spec.cacheMounts
        ? {
            mounts: [{ type: 'cache', target: '/var/cache/apk', sharing: 'locked' }],
            commands: ['ln -sf /var/cache/apk /etc/apk/cache', `apk add --update-cache ${packages}`],
          }
        : { mounts: [], commands: [`apk add --no-cache ${packages}`] };
    default: {
      const unknown: never = spec.strategy;
      throw new Error(`unknown install strategy ${String(unknown)}`);
    }
  }
}
