import { pinRule } from './pinRule.js';

/** DL3018: an unpinned `apk add` installs whatever is newest the day the cache misses. Opt-in. */
export const pinApkVersions = pinRule({
  id: 'DL3018',
  manager: 'apk',
  description: 'Alpine packages installed with apk add must pin versions (pkg=version) (opt-in).',
  command: 'apk add',
  hint: "apkAdd(['curl=8.9.1-r1']) or apk add curl=<version>; `apk policy curl` shows the candidates",
});
