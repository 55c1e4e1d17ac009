import { phaseRank } from '../ir/phase.js';
import type { Step } from '../ir/steps.js';

/** Steps that change the environment later steps run in. */
const ENVIRONMENT_KINDS = new Set<Step['kind']>(['workdir', 'user', 'env', 'arg', 'shell']);

export function changesEnvironment(step: Step): boolean {
  return ENVIRONMENT_KINDS.has(step.kind);
}

/** A step without a phase keeps its position relative to every step that may depend on it. */
export function isAnchored(step: Step): boolean {
  return step.phase === undefined;
}

/** Sort key: anchored steps come as early as their constraints allow. */
export function rankOf(step: Step): number {
  return step.phase === undefined ? -1 : phaseRank(step.phase);
}

function overlaps(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return false;
  return a.some((x) =>
    b.some((y) => x === y || x.startsWith(`${y.replace(/\/$/, '')}/`) || y.startsWith(`${x.replace(/\/$/, '')}/`)),
  );
}

/** True when the image paths one step writes are read or written by the other. */
export function conflicts(a: Step, b: Step): boolean {
  return overlaps(a.writes, b.needs) || overlaps(a.needs, b.writes) || overlaps(a.writes, b.writes);
}

/**
 * Why `later` must stay after `earlier` (both in a stage, `earlier` first as written), or
 * undefined when the two may be swapped. The reason feeds `--explain`.
 */
export function orderConstraint(earlier: Step, later: Step): string | undefined {
  if (conflicts(earlier, later)) return 'it uses files the other writes';
  if (earlier.independent || later.independent) return undefined;
  if (isAnchored(earlier) || isAnchored(later)) return 'a step without a phase keeps its place';
  if (changesEnvironment(earlier) || changesEnvironment(later))
    return 'it may depend on the environment the other sets';
  return undefined;
}
