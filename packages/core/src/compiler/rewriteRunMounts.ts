import { frozenSome } from '../ir/frozenArrays.js';
import type { Mount } from '../ir/mounts.js';
import type { ResolvedBuild, ResolvedStage } from '../ir/resolved.js';
import type { Step } from '../ir/steps.js';
import { RUN_MOUNTS, stepFeatures } from './stepFeatures.js';

/**
 * How a pass rewrites RUN mounts from what earlier steps set (the WORKDIR, the USER in effect).
 * Module-level functions, not closures over the walk: a callback capturing per-step state made V8
 * allocate a scope for every step of every stage (9 MB at 10,000 stages).
 */
export interface MountRewrite<State> {
  /** The state after `step`, given the state before it (undefined: unknown). */
  readonly after: (state: State | undefined, step: Step) => State | undefined;
  /** The RUN's new mounts under `state`, or undefined to keep them. */
  readonly mounts: (mounts: readonly Mount[], state: State) => readonly Mount[] | undefined;
}

/**
 * Rewrites the mounts of every RUN with a state that flows from step to step and from a stage to
 * the stages built on it (stages come parents first). A stage's steps are copied only when one of
 * them changes; a build without RUN mounts is returned as it is.
 */
export function rewriteRunMounts<State>(build: ResolvedBuild, rewrite: MountRewrite<State>): ResolvedBuild {
  if (!frozenSome(build.stages, hasRunMounts)) return build;
  const finalState = new Map<string, State | undefined>();
  const stages: ResolvedStage[] = [];
  for (let index = 0; index < build.stages.length; index++)
    stages.push(rewriteStage(build.stages[index] as ResolvedStage, rewrite, finalState));
  return { ...build, stages };
}

function rewriteStage<State>(
  stage: ResolvedStage,
  rewrite: MountRewrite<State>,
  finalState: Map<string, State | undefined>,
): ResolvedStage {
  let state = 'stage' in stage.from ? finalState.get(stage.from.stage) : undefined;
  let steps: Step[] | undefined;
  for (let index = 0; index < stage.steps.length; index++) {
    const step = stage.steps[index] as Step;
    state = rewrite.after(state, step);
    if (step.kind !== 'run' || state === undefined || step.mounts.length === 0) continue;
    const mounts = rewrite.mounts(step.mounts, state);
    if (mounts === undefined) continue;
    steps ??= [...stage.steps];
    steps[index] = Object.freeze({ ...step, mounts });
  }
  finalState.set(stage.name, state);
  return steps ? { ...stage, steps } : stage;
}

function hasRunMounts(stage: ResolvedStage): boolean {
  return (stepFeatures(stage.steps) & RUN_MOUNTS) !== 0;
}
