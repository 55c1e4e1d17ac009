import type { ResolvedBuild } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { describeOrigin } from '../describeOrigin.js';
import type { PassContext } from '../pass.js';
import { classify, conflicts, orderConstraint, rankOf } from '../stepRelations.js';

const INDEPENDENT = 1;
const ANCHORED = 2;
const FILES = 4;

/**
 * Reorders each stage's steps so rarely-changing phases come first, without changing meaning: a
 * stable topological sort of the ordering constraints (Kahn's algorithm choosing the step that is
 * due soonest, then the written order). A step is due at its phase's rank, or earlier when a step
 * that must follow it is due earlier.
 * Comments travel with the step after them. Deterministic and idempotent.
 */
export function orderForCache(build: ResolvedBuild, context: PassContext = {}): ResolvedBuild {
  const explain = context.explain === true;
  // One set of working arrays for the pass, reused stage after stage: allocating typed arrays for
  // every stage took longer than ordering its steps.
  const scratch = orderingScratch(build.stages.reduce((most, stage) => Math.max(most, stage.steps.length), 0));
  return {
    ...build,
    stages: build.stages.map((stage) => ({ ...stage, steps: orderSteps(stage.steps, explain, scratch) })),
  };
}

/** orderSteps' working arrays, for stages of up to `capacity` steps. */
interface OrderingScratch {
  readonly capacity: number;
  readonly facts: Uint8Array;
  readonly environment: Uint8Array;
  readonly dependsOn: Uint8Array;
  /** `follows[i * count + j] === 1`: step j must stay after step i. */
  readonly follows: Uint8Array;
  readonly predecessors: Int32Array;
  readonly due: Float64Array;
  readonly done: Uint8Array;
}

function orderingScratch(capacity: number): OrderingScratch {
  return {
    capacity,
    facts: new Uint8Array(capacity),
    environment: new Uint8Array(capacity),
    dependsOn: new Uint8Array(capacity),
    follows: new Uint8Array(capacity * capacity),
    predecessors: new Int32Array(capacity),
    due: new Float64Array(capacity),
    done: new Uint8Array(capacity),
  };
}

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
  const units = groupComments(steps);
  const count = units.length;
  if (count > scratch.capacity) throw new Error(`orderSteps: ${count} steps, working arrays for ${scratch.capacity}`);
  const mains = units.map((unit) => unit.main);
  // The pass's hot path: facts per step computed once into typed arrays, pairs decided with
  // integer tests (the same rules as orderConstraint), the constraint graph an adjacency matrix
  // (stages have tens of steps).
  const { facts, environment, dependsOn, follows, predecessors, due, done } = scratch;
  for (let i = 0; i < count; i++) {
    const fact = classify(mains[i] as Step);
    facts[i] = (fact.independent ? INDEPENDENT : 0) | (fact.anchored ? ANCHORED : 0) | (fact.hasFiles ? FILES : 0);
    environment[i] = fact.environment;
    dependsOn[i] = fact.dependsOn;
  }
  follows.fill(0, 0, count * count);
  predecessors.fill(0, 0, count);
  done.fill(0, 0, count);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const either = (facts[i] as number) | (facts[j] as number);
      let constrained: boolean;
      if ((either & FILES) !== 0 && conflicts(mains[i] as Step, mains[j] as Step)) constrained = true;
      else if ((either & INDEPENDENT) !== 0) constrained = false;
      else if (environment[i] !== 0 && environment[j] !== 0) constrained = true;
      else if (environment[i] !== 0) constrained = ((dependsOn[j] as number) & (environment[i] as number)) !== 0;
      else if (environment[j] !== 0) constrained = ((dependsOn[i] as number) & (environment[j] as number)) !== 0;
      else constrained = (either & ANCHORED) !== 0;
      if (constrained) {
        follows[i * count + j] = 1;
        predecessors[j] = (predecessors[j] as number) + 1;
      }
    }
  }
  // A step is due as early as the most urgent step that must follow it: an ENV that a dependency
  // install needs is placed with the installs, not with the source it was written next to.
  for (let i = count - 1; i >= 0; i--) {
    let soonest = rankOf(mains[i] as Step);
    for (let j = i + 1; j < count; j++) {
      if (follows[i * count + j] === 1 && (due[j] as number) < soonest) soonest = due[j] as number;
    }
    due[i] = soonest;
  }
  const placed: Unit[] = [];
  for (let round = 0; round < count; round++) {
    let best = -1;
    for (let candidate = 0; candidate < count; candidate++) {
      if (done[candidate] === 1 || predecessors[candidate] !== 0) continue;
      // Lower index wins ties: candidates are scanned in written order.
      if (best === -1 || (due[candidate] as number) < (due[best] as number)) best = candidate;
    }
    done[best] = 1;
    placed.push(units[best] as Unit);
    for (let next = best + 1; next < count; next++) {
      if (follows[best * count + next] === 1) predecessors[next] = (predecessors[next] as number) - 1;
    }
  }
  if (!explain) {
    const out: Step[] = [];
    for (const unit of placed) for (const step of unit.steps) out.push(step);
    return out;
  }
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
  placed.forEach((unit, position) => {
    const moved = movement(unit, position, placed, units, positionOf, writtenAt);
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
): string | undefined {
  const from = writtenAt[unit.index] as number;
  const overtook: Unit[] = [];
  let overtakenBy = 0;
  for (const other of units) {
    const otherPosition = positionOf[other.index] as number;
    if (other.index < unit.index && otherPosition > position) overtook.push(other);
    else if (other.index > unit.index && otherPosition < position) overtakenBy++;
  }
  if (overtook.length > 0 && unit.main.phase) {
    const names = overtook
      .map((other) => `${describeOrigin(other.main)} [${other.main.phase ?? 'no phase'}]`)
      .join(', ');
    return `moved up from step ${from}: phase ${unit.main.phase} goes before ${names}`;
  }
  if (unit.main.phase) {
    // Kept behind: a step written before it, of a later phase, that it could not overtake.
    const mine = rankOf(unit.main);
    for (let i = 0; i < position; i++) {
      const keptBehind = placed[i] as Unit;
      if (keptBehind.index > unit.index || !keptBehind.main.phase || rankOf(keptBehind.main) <= mine) continue;
      const barrier = units
        .slice(keptBehind.index + 1, unit.index)
        .find((other) => orderConstraint(other.main, unit.main) !== undefined);
      const blocker = barrier ?? keptBehind;
      return `kept after ${describeOrigin(keptBehind.main)} [${keptBehind.main.phase ?? 'no phase'}] because ${orderConstraint(blocker.main, unit.main) ?? 'of a constraint'}: ${describeOrigin(blocker.main)}`;
    }
  }
  if (overtakenBy > 0) return `moved down from step ${from}: ${overtakenBy} step(s) of earlier phases go first`;
  return undefined;
}

function groupComments(steps: readonly Step[]): Unit[] {
  const units: Unit[] = [];
  let pending: Step[] = [];
  for (const step of steps) {
    pending.push(step);
    if (step.kind === 'comment') continue;
    units.push({ steps: pending, main: step, index: units.length });
    pending = [];
  }
  // Trailing comments stay at the end.
  if (pending.length > 0)
    units.push({ steps: pending, main: pending[pending.length - 1] as Step, index: units.length });
  return units;
}

/** Records where the step was written and what the pass did to it, keeping an earlier pass's record. */
function traced(step: Step, writtenAt: number, moved: string): Step {
  if (step.trace?.moved === moved) return step;
  return Object.freeze({ ...step, trace: Object.freeze({ writtenAt: step.trace?.writtenAt ?? writtenAt, moved }) });
}
