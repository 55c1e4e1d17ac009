import { DslError } from '../errors.js';
import type { Stage } from '../ir/stage.js';
import { type FlatStage, flatStage } from './flatten.js';
import { sameStage } from './sameStage.js';

export { stepStageDependencies } from './stepDependencies.js';

/** A stage's direct dependencies in order: its parent first, then what its steps reference. */
export function stageDependencies(stage: Stage): readonly Stage[] {
  return flatStage(stage).dependencies;
}

/** The stages a walk collected, their flattened records, and the first stage it met under each name. */
export interface CollectedStages {
  readonly stages: Stage[];
  /** `flats[i]`: flatStage(stages[i]). */
  readonly flats: FlatStage[];
  readonly byName: ReadonlyMap<string, Stage>;
  /** No two of the stages share a name. */
  readonly namesUnique: boolean;
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
  return walkStages(roots).stages;
}

// Each walk's marks: `walks` for a stage on the walk's path, `walks + 1` once it is collected. A
// stage's mark lives in its flattened record (flatten.ts), which the walk reads anyway for the
// dependencies, instead of in sets of the walk's own: at 10,000 stages an operation on such a set
// is a cache miss (with a set of collected stages and one of the path, resolve's walk took 7.3 ms
// there, 29x its time at 1,000 stages). Marks of earlier walks are smaller than any later walk's.
let walks = 0;

/** collectStages, with what the walk finds on the way: each stage's record and the map of names. */
export function walkStages(roots: readonly Stage[]): CollectedStages {
  walks += 2;
  const onPath = walks;
  const done = walks + 1;
  // A stage that is not frozen has a new record on each flatStage call: its mark is kept here.
  const unfrozenMarks = new Map<Stage, number>();
  const markOf = (stage: Stage, record: FlatStage): number =>
    Object.isFrozen(stage) ? record.visit : (unfrozenMarks.get(stage) ?? 0);
  const mark = (stage: Stage, record: FlatStage, value: number): void => {
    if (Object.isFrozen(stage)) record.visit = value;
    else unfrozenMarks.set(stage, value);
  };
  const order: Stage[] = [];
  const flats: FlatStage[] = [];
  // The stages being visited, outermost first, with the index of the dependency to visit next.
  const pathStages: Stage[] = [];
  const pathRecords: FlatStage[] = [];
  const pathNext: number[] = [];
  const byName = new Map<string, Stage>();
  let namesUnique = true;
  /** Enters `stage` unless it is collected or an equal copy of a stage met before (see sameStage). */
  const visit = (stage: Stage): void => {
    const record = flatStage(stage);
    const seen = markOf(stage, record);
    if (seen === done) return;
    const named = byName.get(stage.name);
    if (named === undefined) byName.set(stage.name, stage);
    else if (named !== stage) {
      if (sameStage(named, stage)) return;
      namesUnique = false;
    }
    if (seen === onPath) throw cycleError(pathStages, stage);
    mark(stage, record, onPath);
    pathStages.push(stage);
    pathRecords.push(record);
    pathNext.push(0);
  };
  // Indexed loops: see ir/frozenArrays.ts.
  for (let index = 0; index < roots.length; index++) {
    visit(roots[index] as Stage);
    while (pathStages.length > 0) {
      const top = pathStages.length - 1;
      const dependencies = (pathRecords[top] as FlatStage).dependencies;
      const next = pathNext[top] as number;
      if (next < dependencies.length) {
        pathNext[top] = next + 1;
        visit(dependencies[next] as Stage);
        continue;
      }
      const stage = pathStages.pop() as Stage;
      const record = pathRecords.pop() as FlatStage;
      mark(stage, record, done);
      pathNext.pop();
      order.push(stage);
      flats.push(record);
    }
  }
  return { stages: order, flats, byName, namesUnique };
}

function cycleError(path: readonly Stage[], stage: Stage): DslError {
  const cycle = [...path.slice(path.indexOf(stage)), stage].map((s) => s.name).join(' -> ');
  return new DslError(
    `stage references form a cycle: ${cycle}`,
    { callSite: stage.origin.callSite, stage: stage.name },
    'a stage cannot depend on itself, directly or through others',
  );
}
