import type { Mount } from '../ir/mounts.js';
import { isStage, type Stage } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';

/** The stages a step needs built first: `COPY --from` and `RUN --mount=...,from=` stage values. */
export function stepStageDependencies(step: Step): Stage[] {
  const deps: Stage[] = [];
  addStepStageDependencies(step, deps);
  return deps;
}

/** `stepStageDependencies` appended to `deps`, without a list per step (most steps have none). */
export function addStepStageDependencies(step: Step, deps: Stage[]): void {
  // Hand-made steps may be any shape until validated (validate reports them with a path).
  if (typeof step !== 'object' || step === null) return;
  switch (step.kind) {
    case 'copy':
      if (isStage(step.from)) deps.push(step.from);
      return;
    case 'run':
      if (!Array.isArray(step.mounts)) return;
      // Indexed loops without callbacks here and below: see ir/frozenArrays.ts.
      for (let index = 0; index < step.mounts.length; index++) {
        const mount = step.mounts[index] as Mount;
        if (typeof mount === 'object' && mount !== null && 'from' in mount && isStage(mount.from))
          deps.push(mount.from);
      }
      return;
    case 'onbuild':
      addStepStageDependencies(step.step, deps);
      return;
  }
}
