import { allRuns, at, defineRule } from '../ruleHelpers.js';
import { isPinned, packageInstall } from './packageInstalls.js';

/** DL3008: an unpinned `apt-get install` installs whatever is newest the day the cache misses. Opt-in. */
export const pinAptVersions = defineRule({
  id: 'DL3008',
  description: 'Debian packages installed with apt-get must pin versions (pkg=version) (opt-in).',
  defaultSeverity: 'warn',
  optIn: true,
  check: ({ build }) =>
    allRuns(build).flatMap((entry) =>
      entry.commands.flatMap((command) => {
        const install = packageInstall(command);
        if (install?.manager !== 'apt') return [];
        const loose = install.packages.filter((name) => !isPinned('apt', name));
        if (loose.length === 0) return [];
        return [
          {
            ...at(entry),
            message: `apt-get install without pinned versions: ${loose.join(', ')}`,
            hint: "aptInstall(['curl=8.5.0-2+deb12u1']) or apt-get install curl=<version>; `apt-cache policy curl` shows the candidates",
          },
        ];
      }),
    ),
});
