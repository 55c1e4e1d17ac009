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
 * An explicit stack, not recursion: a chain of a few thousand stages (each FROM the one before)
 * overflowed the call stack.
 */
export function collectStages(roots: readonly Stage[]): Stage[] {
  const done = new Set<Stage>();
  const order: Stage[] = [];
  /** The stages being visited, outermost first, with the index of the dependency to visit next. */
  const path: { readonly stage: Stage; readonly dependencies: readonly Stage[]; next: number }[] = [];
  const onPath = new Set<Stage>();
  const enter = (stage: Stage): void => {
    if (onPath.has(stage))
      throw cycleError(
        path.map((frame) => frame.stage),
        stage,
      );
    onPath.add(stage);
    path.push({ stage, dependencies: stageDependencies(stage), next: 0 });
  };
  for (const root of roots) {
    if (done.has(root)) continue;
    enter(root);
    while (path.length > 0) {
      const frame = path[path.length - 1] as (typeof path)[number];
      if (frame.next < frame.dependencies.length) {
        const dependency = frame.dependencies[frame.next++] as Stage;
        if (!done.has(dependency)) enter(dependency);
        continue;
      }
      path.pop();
      onPath.delete(frame.stage);
      done.add(frame.stage);
      order.push(frame.stage);
    }
  }
  return order;
}

function cycleError(path: readonly Stage[], stage: Stage): DslError {
  const cycle = [...path.slice(path.indexOf(stage)), stage].map((s) => s.name).join(' -> ');
  return new DslError(
    `stage references form a cycle: ${cycle}`,
    { callSite: stage.origin.callSite, stage: stage.name },
    'a stage cannot depend on itself, directly or through others',
  );
}
