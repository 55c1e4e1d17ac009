import { defineRule } from '../ruleHelpers.js';
import { describeUse, parsedImageUses, useLocation } from './imageRefs.js';

/**
 * DL3007: `:latest` moves. No automatic fix: the right version is a choice only the user can make
 * (the lock pins today's digest, but the config should still say which release it means).
 */
export const noLatestTag = defineRule({
  id: 'DL3007',
  description: 'Images must not use the latest tag.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    parsedImageUses(build)
      .filter((use) => use.tag === 'latest' && use.digest === undefined)
      .map((use) => ({
        ...useLocation(use),
        message: `${describeUse(use)} "${use.image}" uses the latest tag: the build changes whenever a new release is pushed`,
        hint: `name the version you tested, e.g. "${use.image.replace(/:latest$/, ':<version>')}", and run "dsl lock" to pin its digest`,
      })),
});
