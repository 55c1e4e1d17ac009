import { allRuns, at, defineRule } from '../ruleHelpers.js';
import { isPinned, packageInstall } from './packageInstalls.js';

/** DL3018: an unpinned `apk add` installs whatever is newest the day the cache misses. Opt-in. */
export const pinApkVersions = defineRule({
  id: 'DL3018',
  description: 'Alpine packages installed with apk add must pin versions (pkg=version) (opt-in).',
  defaultSeverity: 'warn',
  optIn: true,
  check: ({ build }) =>
    allRuns(build).flatMap((entry) =>
      entry.commands.flatMap((command) => {
        const install = packageInstall(command);
        if (install?.manager !== 'apk') return [];
        const loose = install.packages.filter((name) => !isPinned('apk', name));
        if (loose.length === 0) return [];
        return [
          {
            ...at(entry),
            message: `apk add without pinned versions: ${loose.join(', ')}`,
            hint: "apkAdd(['curl=8.9.1-r1']) or apk add curl=<version>; `apk policy curl` shows the candidates",
          },
        ];
      }),
    ),
});
