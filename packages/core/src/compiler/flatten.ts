import { frozenSome } from '../ir/frozenArrays.js';
import type { CallSite, Origin } from '../ir/origin.js';
import type { Stage, StageItem } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';
import { isTrusted, markTrusted } from '../ir/trusted.js';

const cache = new WeakMap<Stage, readonly Step[]>();

/**
 * A stage's steps with fragment groups flattened. Each step's origin names the innermost fragment
 * and the outermost known call site (the line in the user's config, not inside a library).
 * A stage that holds no fragment is its own list of steps: its (frozen) items are returned as they
 * are, without a copy.
 */
export function flattenStage(stage: Stage): readonly Step[] {
  const cached = cache.get(stage);
  if (cached) return cached;
  let flat: readonly Step[];
  if (!frozenSome(stage.items, isFragment) && Object.isFrozen(stage.items)) {
    flat = stage.items as readonly Step[];
  } else {
    const steps: Step[] = [];
    // Indexed loops without callbacks here and below: see ir/frozenArrays.ts.
    for (let index = 0; index < stage.items.length; index++)
      collectSteps(stage.items[index] as StageItem, undefined, NO_CHAIN, steps);
    flat = Object.freeze(steps);
  }
  if (Object.isFrozen(stage)) cache.set(stage, flat);
  return flat;
}

/** Whether the stage holds fragment nodes, that is, its steps are not simply its items. */
export function holdsFragments(stage: Stage): boolean {
  return flattenStage(stage) !== stage.items;
}

const NO_CHAIN: readonly string[] = Object.freeze([]);

/** Appends the steps of `item` to `steps`, fragments flattened. */
function collectSteps(item: StageItem, outer: CallSite | undefined, chain: readonly string[], steps: Step[]): void {
  if (item.kind !== 'fragment') {
    steps.push(chain.length === 0 ? item : withOrigin(item, outer, chain));
    return;
  }
  const site = outer ?? item.origin.callSite;
  for (let index = 0; index < item.items.length; index++)
    collectSteps(item.items[index] as StageItem, site, [...chain, item.name], steps);
}

function isFragment(item: StageItem): boolean {
  return item.kind === 'fragment';
}

function withOrigin(step: Step, outer: CallSite | undefined, chain: readonly string[]): Step {
  const callSite = outer ?? step.origin.callSite;
  const origin: Origin = {
    fragment: chain[chain.length - 1] as string,
    ...(callSite ? { callSite } : {}),
    chain,
  };
  const stamped = { ...step, origin: Object.freeze(origin) };
  return Object.freeze(isTrusted(step) ? markTrusted(stamped) : stamped);
}
