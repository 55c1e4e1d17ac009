import { pinRule } from './pinRule.js';

/** DL3013: an unpinned `pip install` installs whatever is newest the day the cache misses. Opt-in. */
export const pinPipVersions = pinRule({
  id: 'DL3013',
  manager: 'pip',
  description:
    'Python packages installed with pip must pin versions (pkg==version), or come from a requirements file (opt-in).',
  command: 'pip install',
  hint: "pin it (flask==3.0.3), or list pinned versions in requirements.txt and pipInstall({ requirements: 'requirements.txt' })",
});
