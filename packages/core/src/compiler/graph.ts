import { DslError } from '../errors.js';
import type { Mount } from '../ir/mounts.js';
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
      // Indexed loops without callbacks here and below: see ir/frozenArrays.ts.
      for (let index = 0; index < step.mounts.length; index++) {
        const mount = step.mounts[index] as Mount;
        if ('from' in mount && isStage(mount.from)) deps.push(mount.from);
      }
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
  const steps = flattenStage(stage);
  for (let index = 0; index < steps.length; index++) addStepStageDependencies(steps[index] as Step, deps);
  // Stages are frozen values, so their dependencies cannot change: compute them once.
  if (Object.isFrozen(stage)) dependencyCache.set(stage, deps);
  return deps;
}

/**
 * Every stage reachable from `roots`, dependencies before dependents (depth-first post-order, so
 * the roots' declaration order is kept where the graph allows). Throws on a cycle.
 */
export function collectStages(roots: readonly Stage[]): Stage[] {
  const walk: Walk = { done: new Set(), active: [], order: [] };
  for (const root of roots) visit(root, walk);
  return walk.order;
}

interface Walk {
  readonly done: Set<Stage>;
  /** The stages being visited, outermost first (a stage met again here closes a cycle). */
  readonly active: Stage[];
  readonly order: Stage[];
}

// A module-level function, not a closure per call: see ir/frozenArrays.ts.
function visit(stage: Stage, walk: Walk): void {
  const { done, active, order } = walk;
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
  for (const dep of stageDependencies(stage)) visit(dep, walk);
  active.pop();
  done.add(stage);
  order.push(stage);
}
