import { DslError } from '../errors.js';
import { frozenForEach } from '../ir/frozenArrays.js';
import { isStage, type Stage } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';
import { flattenStage } from './flatten.js';

/** The stages a step needs built first: `COPY --from` and `RUN --mount=...,from=` stage values. */
export function stepStageDependencies(step: Step): Stage[] {
  const deps: Stage[] = [];
  addStepStageDependencies(step, deps);
  return deps;
}

/** `stepStageDependencies` appended to `deps`, without a list per step (most steps have none). */
function addStepStageDependencies(step: Step, deps: Stage[]): void {
  switch (step.kind) {
    case 'copy':
      if (isStage(step.from)) deps.push(step.from);
      return;
    case 'run':
      frozenForEach(step.mounts, (mount) => {
        if ('from' in mount && isStage(mount.from)) deps.push(mount.from);
      });
      return;
    case 'onbuild':
      addStepStageDependencies(step.step, deps);
      return;
  }
}

const dependencyCache = new WeakMap<Stage, readonly Stage[]>();

/** A stage's direct dependencies in order: its parent first, then what its steps reference. */
export function stageDependencies(stage: Stage): readonly Stage[] {
  const cached = dependencyCache.get(stage);
  if (cached) return cached;
  const deps: Stage[] = isStage(stage.from) ? [stage.from] : [];
  frozenForEach(flattenStage(stage), (step) => addStepStageDependencies(step, deps));
  // Stages are frozen values, so their dependencies cannot change: compute them once.
  if (Object.isFrozen(stage)) dependencyCache.set(stage, deps);
  return deps;
}

/**
 * Every stage reachable from `roots`, dependencies before dependents (depth-first post-order, so
 * the roots' declaration order is kept where the graph allows). Throws on a cycle.
 */
export function collectStages(roots: readonly Stage[]): Stage[] {
  const done = new Set<Stage>();
  const active: Stage[] = [];
  const order: Stage[] = [];
  const visit = (stage: Stage): void => {
    if (done.has(stage)) return;
    if (active.includes(stage)) {
      const cycle = [...active.slice(active.indexOf(stage)), stage].map((s) => s.name).join(' -> ');
      throw new DslError(
        `stage references form a cycle: ${cycle}`,
        { callSite: stage.origin.callSite, stage: stage.name },
        'a stage cannot depend on itself, directly or through others',
      );
    }
    active.push(stage);
    for (const dep of stageDependencies(stage)) visit(dep);
    active.pop();
    done.add(stage);
    order.push(stage);
  };
  for (const root of roots) visit(root);
  return order;
}
