import { DslError } from '../errors.js';
import type { Stage } from '../ir/stage.js';
import { flatStage } from './flatten.js';
import { sameStage } from './sameStage.js';

export { stepStageDependencies } from './stepDependencies.js';

/** A stage's direct dependencies in order: its parent first, then what its steps reference. */
export function stageDependencies(stage: Stage): readonly Stage[] {
  return flatStage(stage).dependencies;
}

/**
 * Every stage reachable from `roots`, dependencies before dependents (depth-first post-order, so
 * the roots' declaration order is kept where the graph allows). Throws on a cycle.
 * A stage equal to one already collected under its name (see sameStage) is that stage: a builder
 * stage a fragment makes in a `variants` template is emitted once. The compiler refers to stages by
 * name from here on.
 * An explicit stack, not recursion: a chain of a few thousand stages (each FROM the one before)
 * overflowed the call stack.
 */
export function collectStages(roots: readonly Stage[]): Stage[] {
  const done = new Set<Stage>();
  const order: Stage[] = [];
  /** The stages being visited, outermost first, with the index of the dependency to visit next. */
  const path: { readonly stage: Stage; readonly dependencies: readonly Stage[]; next: number }[] = [];
  const onPath = new Set<Stage>();
  const byName = new Map<string, Stage>();
  /** Whether `stage` is an equal copy of a stage already collected or being visited. */
  const isCopy = (stage: Stage): boolean => {
    const other = byName.get(stage.name);
    return other !== undefined && other !== stage && sameStage(other, stage);
  };
  const enter = (stage: Stage): void => {
    if (!byName.has(stage.name)) byName.set(stage.name, stage);
    if (onPath.has(stage))
      throw cycleError(
        path.map((frame) => frame.stage),
        stage,
      );
    onPath.add(stage);
    path.push({ stage, dependencies: stageDependencies(stage), next: 0 });
  };
  for (const root of roots) {
    if (done.has(root) || isCopy(root)) continue;
    enter(root);
    while (path.length > 0) {
      const frame = path[path.length - 1] as (typeof path)[number];
      if (frame.next < frame.dependencies.length) {
        const dependency = frame.dependencies[frame.next++] as Stage;
        if (!done.has(dependency) && !isCopy(dependency)) enter(dependency);
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
