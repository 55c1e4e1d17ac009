import { isStage, type Stage } from '../ir/stage.js';
import { flattenStage } from './flatten.js';

/** Where a step was written and what the passes did to it: not part of the instruction. */
const PROVENANCE_KEYS = new Set(['origin', 'trace']);

/**
 * Whether two stage values emit the same stage: same name, base (an image, or a stage that is the
 * same in turn), platform and steps, wherever they were written. A template called once per
 * variant (`variants(...)`) makes a fragment's builder stage once per call: equal stages, not two
 * different ones with one name. Called only for two stage objects with one name, so rarely.
 */
export function sameStage(a: Stage, b: Stage): boolean {
  if (a === b) return true;
  if (a.name !== b.name || a.platform !== b.platform) return false;
  if (!sameValue(a.from, b.from)) return false;
  const stepsA = flattenStage(a);
  const stepsB = flattenStage(b);
  if (stepsA.length !== stepsB.length) return false;
  for (let index = 0; index < stepsA.length; index++) {
    if (!sameValue(stepsA[index], stepsB[index], PROVENANCE_KEYS)) return false;
  }
  return true;
}

/** Deep equality of IR values; stages referenced inside are compared with sameStage. */
function sameValue(a: unknown, b: unknown, ignoredKeys?: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isStage(a) || isStage(b)) return isStage(a) && isStage(b) && sameStage(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((key) => !ignoredKeys?.has(key));
  const keysB = Object.keys(b).filter((key) => !ignoredKeys?.has(key));
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
