import { allRuns, at, defineRule } from '../ruleHelpers.js';
import { isPinned, packageInstall } from './packageInstalls.js';

/** DL3016: an unpinned `npm install` installs whatever is newest the day the cache misses. Opt-in. */
export const pinNpmVersions = defineRule({
  id: 'DL3016',
  description: 'npm packages installed by name must pin versions (pkg@version) (opt-in).',
  defaultSeverity: 'warn',
  optIn: true,
  check: ({ build }) =>
    allRuns(build).flatMap((entry) =>
      entry.commands.flatMap((command) => {
        const install = packageInstall(command);
        if (install?.manager !== 'npm') return [];
        const loose = install.packages.filter((name) => !isPinned('npm', name));
        if (loose.length === 0) return [];
        return [
          {
            ...at(entry),
            message: `npm install without pinned versions: ${loose.join(', ')}`,
            hint: 'pin it (left-pad@1.3.0), or add it to package.json and install from the lockfile with npmCi()',
          },
        ];
      }),
    ),
});
