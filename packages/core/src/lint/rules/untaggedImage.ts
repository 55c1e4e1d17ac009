import { defineRule, madeStages } from '../ruleHelpers.js';
import { describeUse, parsedImageUses, useLocation } from './imageRefs.js';

/** DL3006: an image without a tag means `latest`, whatever that is today. */
export const untaggedImage = defineRule({
  id: 'DL3006',
  description: 'Images (FROM, COPY --from, mount from) must name a tag or a digest.',
  defaultSeverity: 'warn',
  check: (input) => {
    // The name of a stage of the config is not meant as an image: DSL004 says so instead.
    const stageNames = new Set(madeStages(input).map((stage) => stage.name));
    return parsedImageUses(input.build)
      .filter((use) => use.tag === undefined && use.digest === undefined && !stageNames.has(use.image))
      .map((use) => ({
        ...useLocation(use),
        message: `${describeUse(use)} "${use.image}" has no tag, so it means "latest": the build changes when the image does`,
        hint: `name a version, e.g. "${use.image}:<version>", and run "dsl lock" to pin its digest`,
      }));
  },
});
