import { isStage } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';

/** A canonical text for what a step does (not where it came from), to find identical steps. */
export function stepKey(step: Step): string {
  return JSON.stringify(step, (key, value: unknown) => {
    if (key === 'origin' || key === 'trace') return undefined;
    if (isStage(value)) return { stage: value.name };
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  });
}
