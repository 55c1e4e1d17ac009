import { pinRule } from './pinRule.js';

/** DL3016: an unpinned `npm install` installs whatever is newest the day the cache misses. Opt-in. */
export const pinNpmVersions = pinRule({
  id: 'DL3016',
  manager: 'npm',
  description: 'npm packages installed by name must pin versions (pkg@version) (opt-in).',
  command: 'npm install',
  hint: 'pin it (left-pad@1.3.0), or add it to package.json and install from the lockfile with npmCi()',
});
