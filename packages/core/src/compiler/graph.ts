import { DslError } from '../errors.js';
import type { Stage } from '../ir/stage.js';
import { flatStage } from './flatten.js';

export { stepStageDependencies } from './stepDependencies.js';

/** A stage's direct dependencies in order: its parent first, then what its steps reference. */
export function stageDependencies(stage: Stage): readonly Stage[] {
  return flatStage(stage).dependencies;
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
