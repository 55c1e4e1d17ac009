import { isStage } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';

const keys = new WeakMap<Step, string>();

/** A canonical text for what a step does (not where it came from), to find identical steps. */
export function stepKey(step: Step): string {
  let key = keys.get(step);
  if (key === undefined) {
    key = canonical(step);
    // Steps are frozen: the key of one never changes.
    if (Object.isFrozen(step)) keys.set(step, key);
  }
  return key;
}

function canonical(step: Step): string {
  return JSON.stringify(step, canonicalValue);
}

// Module-level, not callbacks written inline: see ir/frozenArrays.ts.
function canonicalValue(key: string, value: unknown): unknown {
  if (key === 'origin' || key === 'trace') return undefined;
  if (isStage(value)) return { stage: value.name };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).sort(byKey));
  }
  return value;
}

function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
