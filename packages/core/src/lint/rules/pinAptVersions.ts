import { pinRule } from './pinRule.js';

/** DL3008: an unpinned `apt-get install` installs whatever is newest the day the cache misses. Opt-in. */
export const pinAptVersions = pinRule({
  id: 'DL3008',
  manager: 'apt',
  description: 'Debian packages installed with apt-get must pin versions (pkg=version) (opt-in).',
  command: 'apt-get install',
  hint: "aptInstall(['curl=8.5.0-2+deb12u1']) or apt-get install curl=<version>; `apt-cache policy curl` shows the candidates",
});
