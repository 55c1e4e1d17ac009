import type { ResolvedBuild } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { describeOrigin } from '../describeOrigin.js';
import { orderConstraint, rankOf } from '../stepRelations.js';

/**
 * Reorders each stage's steps so rarely-changing phases come first, without changing meaning: a
 * stable topological sort (Kahn's algorithm choosing the lowest phase, then the written order).
 * Comments travel with the step after them. Deterministic and idempotent.
 */
export function orderForCache(build: ResolvedBuild): ResolvedBuild {
  return { ...build, stages: build.stages.map((stage) => ({ ...stage, steps: orderSteps(stage.steps) })) };
}

interface Unit {
  readonly steps: readonly Step[];
  /** The step that decides the unit's place (the last one; earlier ones are its comments). */
  readonly main: Step;
  readonly index: number;
}

export function orderSteps(steps: readonly Step[]): Step[] {
  const units = groupComments(steps);
  const count = units.length;
  const predecessors = new Array<number>(count).fill(0);
  const successors: number[][] = units.map(() => []);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      if (orderConstraint((units[i] as Unit).main, (units[j] as Unit).main) !== undefined) {
        (successors[i] as number[]).push(j);
        predecessors[j] = (predecessors[j] as number) + 1;
      }
    }
  }
  const placed: Unit[] = [];
  const ready = new Set<number>();
  for (let i = 0; i < count; i++) if (predecessors[i] === 0) ready.add(i);
  while (ready.size > 0) {
    let best = -1;
    for (const candidate of ready) {
      if (best === -1 || isBefore(units[candidate] as Unit, units[best] as Unit)) best = candidate;
    }
    ready.delete(best);
    placed.push(units[best] as Unit);
    for (const next of successors[best] as number[]) {
      predecessors[next] = (predecessors[next] as number) - 1;
      if (predecessors[next] === 0) ready.add(next);
    }
  }
  return placed.flatMap((unit, position) => unit.steps.map((step) => traced(step, unit, position, placed, units)));
}

function isBefore(a: Unit, b: Unit): boolean {
  const rankA = rankOf(a.main);
  const rankB = rankOf(b.main);
  return rankA !== rankB ? rankA < rankB : a.index < b.index;
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

/** Records where the step was written and, when it moved ahead of others, why. */
function traced(step: Step, unit: Unit, position: number, placed: readonly Unit[], units: readonly Unit[]): Step {
  const writtenAt = step.trace?.writtenAt ?? stepNumber(units, unit) + unit.steps.indexOf(step);
  const overtook = placed.slice(position + 1).filter((other) => other.index < unit.index);
  const keptBehind = unit.main.phase
    ? placed.slice(0, position).find((other) => other.index < unit.index && rankOf(other.main) > rankOf(unit.main))
    : undefined;
  let moved = step.trace?.moved;
  const overtakenBy = placed.slice(0, position).filter((other) => other.index > unit.index);
  if (overtook.length > 0 && unit.main.phase) {
    const names = overtook
      .map((other) => `${describeOrigin(other.main)} [${other.main.phase ?? 'no phase'}]`)
      .join(', ');
    moved = `moved up from step ${writtenAt}: phase ${unit.main.phase} goes before ${names}`;
  } else if (keptBehind && step === unit.main) {
    const barrier = units
      .slice(keptBehind.index + 1, unit.index)
      .find((other) => orderConstraint(other.main, unit.main) !== undefined);
    const blocker = barrier ?? keptBehind;
    moved = `kept after ${describeOrigin(keptBehind.main)} [${keptBehind.main.phase ?? 'no phase'}] because ${orderConstraint(blocker.main, unit.main) ?? 'of a constraint'}: ${describeOrigin(blocker.main)}`;
  } else if (overtakenBy.length > 0) {
    moved = `moved down from step ${writtenAt}: ${overtakenBy.length} step(s) of earlier phases go first`;
  }
  if (step.trace?.writtenAt === writtenAt && step.trace?.moved === moved) return step;
  return Object.freeze({ ...step, trace: Object.freeze({ ...step.trace, writtenAt, ...(moved ? { moved } : {}) }) });
}

function stepNumber(units: readonly Unit[], unit: Unit): number {
  let number = 1;
  for (const other of units) {
    if (other === unit) return number;
    number += other.steps.length;
  }
  return number;
}
