import { allRuns, at, defineRule } from '../ruleHelpers.js';
import { isPinned, packageInstall } from './packageInstalls.js';

/** DL3013: an unpinned `pip install` installs whatever is newest the day the cache misses. Opt-in. */
export const pinPipVersions = defineRule({
  id: 'DL3013',
  description:
    'Python packages installed with pip must pin versions (pkg==version), or come from a requirements file (opt-in).',
  defaultSeverity: 'warn',
  optIn: true,
  check: ({ build }) =>
    allRuns(build).flatMap((entry) =>
      entry.commands.flatMap((command) => {
        const install = packageInstall(command);
        if (install?.manager !== 'pip') return [];
        const loose = install.packages.filter((name) => !isPinned('pip', name));
        if (loose.length === 0) return [];
        return [
          {
            ...at(entry),
            message: `pip install without pinned versions: ${loose.join(', ')}`,
            hint: "pin it (flask==3.0.3), or list pinned versions in requirements.txt and pipInstall({ requirements: 'requirements.txt' })",
          },
        ];
      }),
    ),
});
