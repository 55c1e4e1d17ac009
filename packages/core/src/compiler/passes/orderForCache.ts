import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { describeOrigin } from '../describeOrigin.js';
import type { PassContext } from '../pass.js';
import { shareStepFeatures } from '../stepFeatures.js';
import { classify, conflicts, ignoresVariablesOf, orderConstraint, rankOf, sameCall } from '../stepRelations.js';

const INDEPENDENT = 1;
const ANCHORED = 2;
const FILES = 4;
const IGNORES_VARIABLES = 8;
const TOUCHES_FILES = 16;

/**
 * Reorders each stage's steps so rarely-changing phases come first, without changing meaning: a
 * stable topological sort of the ordering constraints (Kahn's algorithm choosing the step that is
 * due soonest, then the written order). A step is due at its phase's rank, or earlier when a step
 * that must follow it is due earlier.
 * Comments travel with the step after them; trailing comments stay at the end. Deterministic and
 * idempotent.
 */
export function orderForCache(build: ResolvedBuild, context: PassContext = {}): ResolvedBuild {
  const explain = context.explain === true;
  // One set of working arrays for the pass, reused stage after stage: allocating typed arrays for
  // every stage took longer than ordering its steps. (Loops, no callbacks: see ir/frozenArrays.ts.)
  let most = 0;
  for (let index = 0; index < build.stages.length; index++)
    most = Math.max(most, (build.stages[index] as ResolvedStage).steps.length);
  const scratch = orderingScratch(most);
  const stages: ResolvedStage[] = [];
  for (let index = 0; index < build.stages.length; index++) {
    const stage = build.stages[index] as ResolvedStage;
    const steps = Object.freeze(orderSteps(stage.steps, explain, scratch));
    shareStepFeatures(stage.steps, steps);
    stages.push({ ...stage, steps });
  }
  return { ...build, stages };
}

/** orderSteps' working arrays, for stages of up to `capacity` steps. */
interface OrderingScratch {
  readonly capacity: number;
  /** `starts[u]`: the index of unit u's first step; after the last unit, the step count. */
  readonly starts: Int32Array;
  readonly facts: Uint8Array;
  readonly environment: Uint8Array;
  readonly dependsOn: Uint8Array;
  /** Each unit's own rank (rankOf its main step). */
  readonly ranks: Float64Array;
  /** `follows[i * count + j] === 1`: unit j must stay after unit i. */
  readonly follows: Uint8Array;
  readonly predecessors: Int32Array;
  readonly due: Float64Array;
  readonly done: Uint8Array;
  /** The units in their new order. */
  readonly order: Int32Array;
  /** `mains[u]`: unit u's main step (entries past this stage's units are stale). */
  readonly mains: Step[];
}

function orderingScratch(capacity: number): OrderingScratch {
  return {
    capacity,
    starts: new Int32Array(capacity + 1),
    facts: new Uint8Array(capacity),
    environment: new Uint8Array(capacity),
    dependsOn: new Uint8Array(capacity),
    ranks: new Float64Array(capacity),
    follows: new Uint8Array(capacity * capacity),
    predecessors: new Int32Array(capacity),
    due: new Float64Array(capacity),
    done: new Uint8Array(capacity),
    order: new Int32Array(capacity),
    mains: new Array<Step>(capacity),
  };
}

/** A step with the comments written right before it, which travel with it. */
interface Unit {
  readonly steps: readonly Step[];
  /** The step that decides the unit's place (the last one; earlier ones are its comments). */
  readonly main: Step;
  readonly index: number;
}

export function orderSteps(
  steps: readonly Step[],
  explain = true,
  scratch: OrderingScratch = orderingScratch(steps.length),
): Step[] {
  if (steps.length > scratch.capacity) {
    throw new Error(`orderSteps: ${steps.length} steps, working arrays for ${scratch.capacity}`);
  }
  // Units are ranges of `steps` (see `starts`), not objects: no allocation per step on the hot path.
  const { starts, facts, environment, dependsOn, ranks, follows, predecessors, due, done, order, mains } = scratch;
  const count = unitMains(steps, starts, mains);
  // Trailing comments (a last unit whose main step is a comment) stay at the end: were they sorted,
  // a step placed after them would adopt them on the next run, and the pass would not be idempotent.
  const sorted = count > 0 && (mains[count - 1] as Step).kind === 'comment' ? count - 1 : count;
  // The pass's hot path: facts per step computed once into typed arrays, pairs decided with
  // integer tests (the same rules as orderConstraint), the constraint graph an adjacency matrix
  // (stages have tens of steps).
  for (let i = 0; i < sorted; i++) {
    const fact = classify(mains[i] as Step);
    facts[i] =
      (fact.independent ? INDEPENDENT : 0) |
      (fact.anchored ? ANCHORED : 0) |
      (fact.hasFiles ? FILES : 0) |
      (fact.ignoresVariables ? IGNORES_VARIABLES : 0) |
      (fact.touchesFiles ? TOUCHES_FILES : 0);
    ranks[i] = fact.rank;
    environment[i] = fact.environment;
    dependsOn[i] = fact.dependsOn;
  }
  follows.fill(0, 0, count * count);
  predecessors.fill(0, 0, count);
  done.fill(0, 0, count);
  for (let i = 0; i < sorted; i++) {
    for (let j = i + 1; j < sorted; j++) {
      const either = (facts[i] as number) | (facts[j] as number);
      let constrained: boolean;
      if ((either & FILES) !== 0 && conflicts(mains[i] as Step, mains[j] as Step)) constrained = true;
      else if (sameCall(mains[i] as Step, mains[j] as Step)) constrained = true;
      else if ((either & INDEPENDENT) !== 0) constrained = false;
      else if (environment[i] !== 0 && environment[j] !== 0) constrained = true;
      else if (environment[i] !== 0)
        constrained =
          ((dependsOn[j] as number) & (environment[i] as number)) !== 0 &&
          !(((facts[j] as number) & IGNORES_VARIABLES) !== 0 && ignoresVariablesOf(mains[j] as Step, mains[i] as Step));
      else if (environment[j] !== 0)
        constrained =
          ((dependsOn[i] as number) & (environment[j] as number)) !== 0 &&
          !(((facts[i] as number) & IGNORES_VARIABLES) !== 0 && ignoresVariablesOf(mains[i] as Step, mains[j] as Step));
      else
        constrained =
          (either & ANCHORED) !== 0 ||
          (((facts[i] as number) & (facts[j] as number) & TOUCHES_FILES) !== 0 &&
            (ranks[i] as number) <= (ranks[j] as number));
      if (constrained) {
        follows[i * count + j] = 1;
        predecessors[j] = (predecessors[j] as number) + 1;
      }
    }
  }
  // A step is due as early as the most urgent step that must follow it: an ENV that a dependency
  // install needs is placed with the installs, not with the source it was written next to.
  for (let i = sorted - 1; i >= 0; i--) {
    let soonest = ranks[i] as number;
    for (let j = i + 1; j < sorted; j++) {
      if (follows[i * count + j] === 1 && (due[j] as number) < soonest) soonest = due[j] as number;
    }
    due[i] = soonest;
  }
  for (let round = 0; round < sorted; round++) {
    let best = -1;
    for (let candidate = 0; candidate < sorted; candidate++) {
      if (done[candidate] === 1 || predecessors[candidate] !== 0) continue;
      // Lower index wins ties: candidates are scanned in written order.
      if (best === -1 || (due[candidate] as number) < (due[best] as number)) best = candidate;
    }
    done[best] = 1;
    order[round] = best;
    for (let next = best + 1; next < sorted; next++) {
      if (follows[best * count + next] === 1) predecessors[next] = (predecessors[next] as number) - 1;
    }
  }
  if (sorted < count) order[sorted] = sorted;
  if (!explain) {
    // Sized once (a list grown step by step is reallocated on the way).
    const out = new Array<Step>(steps.length);
    let filled = 0;
    for (let position = 0; position < count; position++) {
      const unit = order[position] as number;
      for (let index = starts[unit] as number; index < (starts[unit + 1] as number); index++)
        out[filled++] = steps[index] as Step;
    }
    return out;
  }
  const units = mains.slice(0, count).map(
    (main, index): Unit => ({
      steps: steps.slice(starts[index], starts[index + 1]),
      main,
      index,
    }),
  );
  const placed = Array.from(order.subarray(0, count), (index) => units[index] as Unit);
  const positionOf = new Array<number>(count);
  placed.forEach((unit, position) => {
    positionOf[unit.index] = position;
  });
  const out: Step[] = [];
  let firstStep = 1;
  const writtenAt = new Array<number>(count);
  for (const unit of units) {
    writtenAt[unit.index] = firstStep;
    firstStep += unit.steps.length;
  }
  // The step that pulled a unit above its own phase: the first one constrained to follow it that is
  // due as early as it is (see the due loop above).
  const pulledBy = (unit: Unit): Unit | undefined => {
    const i = unit.index;
    if (i >= sorted || (due[i] as number) >= rankOf(unit.main)) return undefined;
    for (let j = i + 1; j < sorted; j++) {
      if (follows[i * count + j] === 1 && due[j] === due[i]) return units[j];
    }
    return undefined;
  };
  placed.forEach((unit, position) => {
    const moved = movement(unit, position, placed, units, positionOf, writtenAt, pulledBy(unit));
    for (const step of unit.steps)
      out.push(moved === undefined || step !== unit.main ? step : traced(step, writtenAt[unit.index] as number, moved));
  });
  return out;
}

/** Why a unit is where it is, when it moved or could not move; undefined when nothing happened. */
function movement(
  unit: Unit,
  position: number,
  placed: readonly Unit[],
  units: readonly Unit[],
  positionOf: readonly number[],
  writtenAt: readonly number[],
  pulledBy: Unit | undefined,
): string | undefined {
  const from = writtenAt[unit.index] as number;
  const overtook: Unit[] = [];
  let overtakenBy = 0;
  for (const other of units) {
    const otherPosition = positionOf[other.index] as number;
    if (other.index < unit.index && otherPosition > position) overtook.push(other);
    else if (other.index > unit.index && otherPosition < position) overtakenBy++;
  }
  if (overtook.length > 0 && (unit.main.phase || pulledBy)) {
    const names = overtook
      .map((other) => `${describeOrigin(other.main)} [${other.main.phase ?? 'no phase'}]`)
      .join(', ');
    if (pulledBy) {
      // Its own phase would not have moved it: a step that must stay after it did.
      const why = orderConstraint(unit.main, pulledBy.main) ?? 'it must stay after it';
      return `moved up from step ${from}: ${describeOrigin(pulledBy.main)} [${pulledBy.main.phase ?? 'no phase'}] must stay after it (${why}) and goes before ${names}`;
    }
    return `moved up from step ${from}: phase ${unit.main.phase} goes before ${names}`;
  }
  if (unit.main.phase) {
    // Kept behind: a step written before it, of a later phase, that it could not overtake.
    const mine = rankOf(unit.main);
    for (let i = 0; i < position; i++) {
      const keptBehind = placed[i] as Unit;
      if (keptBehind.index > unit.index || !keptBehind.main.phase || rankOf(keptBehind.main) <= mine) continue;
      // The barrier is a step placed between the two: one placed before keptBehind (a step of an
      // earlier phase that went first) holds the unit behind nothing.
      const barrier = units
        .slice(keptBehind.index + 1, unit.index)
        .find(
          (other) => (positionOf[other.index] as number) > i && orderConstraint(other.main, unit.main) !== undefined,
        );
      const blocker = barrier ?? keptBehind;
      return `kept after ${describeOrigin(keptBehind.main)} [${keptBehind.main.phase ?? 'no phase'}] because ${orderConstraint(blocker.main, unit.main) ?? 'of a constraint'}: ${describeOrigin(blocker.main)}`;
    }
  }
  if (overtakenBy > 0) return `moved down from step ${from}: ${overtakenBy} step(s) of earlier phases go first`;
  return undefined;
}

/**
 * Splits the steps into units, each a step and the comments right before it (trailing comments
 * make a last unit of their own): fills `starts` and `mains` (each unit's main step, its last) and
 * returns the number of units.
 */
function unitMains(steps: readonly Step[], starts: Int32Array, mains: Step[]): number {
  let count = 0;
  let start = 0;
  // Indexed: the steps may be the frozen IR array (see ir/frozenArrays.ts).
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index] as Step;
    if (step.kind === 'comment') continue;
    starts[count] = start;
    mains[count++] = step;
    start = index + 1;
  }
  if (start < steps.length) {
    starts[count] = start;
    mains[count++] = steps[steps.length - 1] as Step;
  }
  starts[count] = steps.length;
  return count;
}

/** Records where the step was written and what the pass did to it, keeping an earlier pass's record. */
function traced(step: Step, writtenAt: number, moved: string): Step {
  if (step.trace?.moved === moved) return step;
  return Object.freeze({ ...step, trace: Object.freeze({ writtenAt: step.trace?.writtenAt ?? writtenAt, moved }) });
}
