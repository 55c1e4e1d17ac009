import type { Origin } from '../ir/origin.js';
import { isFragmentNode, isStage, type Stage, type StageItem } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';
import { isTrusted, markTrusted } from '../ir/trusted.js';
import { addStepStageDependencies } from './stepDependencies.js';
import { addStepFeatures, recordStepFeatures } from './stepFeatures.js';

/** A stage's steps with fragments flattened, and the stages it needs built first. */
export interface FlatStage {
  readonly steps: readonly Step[];
  /** Its direct dependencies in order: its parent first, then what its steps reference. */
  readonly dependencies: readonly Stage[];
  /** The steps' features (stepFeatures.ts), found by the same walk. */
  readonly features: number;
  /** collectStages' mark for the stage (see graph.ts): which walk reached it, and how far. */
  visit: number;
}

// One record per stage, not a cache of steps and another of dependencies: at 10,000 stages each
// walk over every step and each lookup in a large weak map costs cache misses, not computation.
const cache = new WeakMap<Stage, FlatStage>();

/**
 * A stage's steps with fragment groups flattened. Each step's origin names the innermost fragment
 * and the outermost known call site (the line in the user's config, not inside a library).
 * A stage that holds no fragment is its own list of steps: its (frozen) items are returned as they
 * are, without a copy.
 */
export function flattenStage(stage: Stage): readonly Step[] {
  return flatStage(stage).steps;
}

/**
 * `flattenStage` and the stage's dependencies, found in one walk over its items: a stage without
 * fragments (most) has its dependencies collected on the way, and the steps' features (see
 * stepFeatures.ts) recorded. Computed once per frozen stage.
 */
export function flatStage(stage: Stage): FlatStage {
  const cached = cache.get(stage);
  if (cached) return cached;
  // Hand-made IR may be any shape until validate has read it: nothing here may throw on it, so
  // the user gets validate's report with a path instead of a TypeError.
  const items: readonly StageItem[] = Array.isArray(stage.items) ? stage.items : NO_ITEMS;
  let dependencies: Stage[] = isStage(stage.from) ? [stage.from] : [];
  let steps = items as readonly Step[];
  // Indexed loops without callbacks here and below: see ir/frozenArrays.ts.
  let holdsFragment = !Object.isFrozen(items);
  let features = 0;
  for (let index = 0; index < items.length && !holdsFragment; index++) {
    const item = items[index] as StageItem;
    if (isFragmentNode(item)) holdsFragment = true;
    else {
      addStepStageDependencies(item, dependencies);
      features = addStepFeatures(features, item);
    }
  }
  if (holdsFragment) {
    const flat: Step[] = [];
    for (let index = 0; index < items.length; index++)
      collectSteps(items[index] as StageItem, undefined, NO_CHAIN, flat);
    steps = Object.freeze(flat);
    dependencies = isStage(stage.from) ? [stage.from] : [];
    features = 0;
    for (let index = 0; index < steps.length; index++) {
      addStepStageDependencies(steps[index] as Step, dependencies);
      features = addStepFeatures(features, steps[index] as Step);
    }
  }
  const record: FlatStage = { steps, dependencies, features: recordStepFeatures(steps, features), visit: 0 };
  // Stages are frozen values: their steps and dependencies cannot change.
  if (Object.isFrozen(stage)) cache.set(stage, record);
  return record;
}

const NO_CHAIN: readonly string[] = Object.freeze([]);
const NO_ITEMS: readonly StageItem[] = Object.freeze([]);

/**
 * Appends the steps of `item` to `steps`, fragments flattened. The steps a fragment call makes
 * itself (not those of fragments nested in it) share one origin object: orderForCache keeps steps
 * of one call in their written order (stepRelations.ts sameCall).
 */
function collectSteps(item: StageItem, origin: Origin | undefined, chain: readonly string[], steps: Step[]): void {
  if (!isFragmentNode(item)) {
    const isNode = typeof item === 'object' && item !== null;
    steps.push(origin === undefined || !isNode ? item : withOrigin(item, origin));
    return;
  }
  if (!Array.isArray(item.items)) return;
  const site = origin?.callSite ?? item.origin?.callSite;
  const innerChain = Object.freeze([...chain, item.name]);
  const own: Origin = Object.freeze({ fragment: item.name, ...(site ? { callSite: site } : {}), chain: innerChain });
  for (let index = 0; index < item.items.length; index++)
    collectSteps(item.items[index] as StageItem, own, innerChain, steps);
}

function withOrigin(step: Step, origin: Origin): Step {
  // A call with no known site (hand-made nodes) leaves each step the site it has.
  const own = origin.callSite === undefined ? step.origin?.callSite : undefined;
  const stamped = { ...step, origin: own === undefined ? origin : Object.freeze({ ...origin, callSite: own }) };
  return Object.freeze(isTrusted(step) ? markTrusted(stamped) : stamped);
}
