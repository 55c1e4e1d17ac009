import { collectImageUses } from '../../lock/collectImages.js';
import { defineRule, madeStages } from '../ruleHelpers.js';
import { describeUse, useLocation } from './imageRefs.js';

/**
 * DSL004: a `from` given as a string that is the name of a stage the config made, but that the
 * target does not build. Where the stage is emitted, the compiler refuses the string; here BuildKit
 * would pull an image called that name from Docker Hub, or use a stale local one: the build copies
 * from the wrong thing, or fails far from the cause.
 */
export const stageNameAsImage = defineRule({
  id: 'DSL004',
  description:
    'A from given as a string names a stage of the config that the target does not build: BuildKit reads it as an image.',
  defaultSeverity: 'error',
  check: (input) => {
    const built = new Set(input.build.stages.map((stage) => stage.name));
    const made = new Set(
      madeStages(input)
        .map((stage) => stage.name)
        .filter((name) => !built.has(name)),
    );
    if (made.size === 0) return [];
    return collectImageUses(input.build)
      .filter((use) => made.has(use.image))
      .map((use) => ({
        ...useLocation(use),
        message: `${describeUse(use)} "${use.image}" is the name of a stage this target does not build: BuildKit pulls an image called "${use.image}" instead`,
        hint: `pass the stage value, not its name (e.g. { from: ${use.image} }), so the compiler emits the stage and builds it first`,
      }));
  },
});
