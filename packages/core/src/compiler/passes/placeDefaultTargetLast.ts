import { DslError } from '../../errors.js';
import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import { isStage } from '../../ir/stage.js';
import { stepStageDependencies } from '../graph.js';

/**
 * Moves the default target's stage to the end, because `docker build` without `--target` builds
 * the last stage. Fails when another emitted stage depends on it (it could not come last).
 */
export function placeDefaultTargetLast(build: ResolvedBuild): ResolvedBuild {
  const index = indexOfStage(build.stages, build.defaultTarget);
  if (index === -1 || index === build.stages.length - 1) return build;
  const target = build.stages[index];
  const dependents = build.stages.filter(
    (stage) =>
      stage !== target &&
      (('stage' in stage.from && stage.from.stage === build.defaultTarget) ||
        stage.steps.some((step) =>
          stepStageDependencies(step).some((dep) => isStage(dep) && dep.name === build.defaultTarget),
        )),
  );
  if (dependents.length > 0) {
    throw new DslError(
      `the default target "${build.defaultTarget}" cannot be the last stage: ${dependents.map((s) => `"${s.name}"`).join(', ')} build on it`,
      { stage: build.defaultTarget, callSite: target?.origin.callSite },
      'make a stage that nothing else builds on the default target, or build the others FROM a shared base stage',
    );
  }
  const stages = [...build.stages.slice(0, index), ...build.stages.slice(index + 1), target] as typeof build.stages;
  return { ...build, stages };
}

/** The position of the stage named `name`, or -1 (a loop, not a findIndex callback: see ir/frozenArrays.ts). */
function indexOfStage(stages: readonly ResolvedStage[], name: string): number {
  for (let index = 0; index < stages.length; index++) if ((stages[index] as ResolvedStage).name === name) return index;
  return -1;
}
