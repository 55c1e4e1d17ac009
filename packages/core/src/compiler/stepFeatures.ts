import type { Mount } from '../ir/mounts.js';
import type { EnvStep, Step } from '../ir/steps.js';
import { rawText } from '../ir/text.js';
import { isTrusted } from '../ir/trusted.js';
import { isSecretLikeName } from '../lint/secretLikeName.js';

// What a stage's list of steps may hold, as bits, so that a pass with nothing to do in a stage
// skips it without reading its steps. At 10,000 stages reading every step once costs about 12 ms
// in cache misses, whatever the pass then does with it; five passes and checks usually find
// nothing.
// A bit may be set when the steps lack the feature (a list made some other way, or derived from
// another), never the other way round: a clear bit is a promise.

/** A COPY made by `gate()` (applyGates). */
export const GATE_COPY = 1;
/** A step with `merge` (mergeRuns). */
export const MERGEABLE = 2;
/** A RUN with mounts (absoluteMountTargets). */
export const RUN_MOUNTS = 4;
/**
 * A step validate must read: not made by this core's factories, a second CMD, ENTRYPOINT or
 * HEALTHCHECK, a relative WORKDIR, or a `from` given as a string.
 */
export const NEEDS_VALIDATION = 8;
/** An ENV or ARG (or an ONBUILD of one) declaring a name that looks like a secret (secretNames.ts). */
export const SECRET_NAME = 16;
const ALL = GATE_COPY | MERGEABLE | RUN_MOUNTS | NEEDS_VALIDATION | SECRET_NAME;

// Which of CMD, ENTRYPOINT and HEALTHCHECK the walk has seen, above the public bits.
const SEEN_CMD = 32;
const SEEN_ENTRYPOINT = 64;
const SEEN_HEALTHCHECK = 128;

/**
 * `features` (from the steps before `step`; 0 for the first) with `step` added. A step this core
 * did not make may be any shape until validated: it sets every bit, without being read.
 */
export function addStepFeatures(features: number, step: Step): number {
  if (!isTrusted(step)) return features | ALL;
  if (step.merge !== undefined) features |= MERGEABLE;
  switch (step.kind) {
    case 'copy':
      if (step.gate) features |= GATE_COPY;
      if (typeof step.from === 'string') features |= NEEDS_VALIDATION;
      return features;
    case 'run':
      if (step.mounts.length > 0) features |= RUN_MOUNTS;
      for (let index = 0; index < step.mounts.length; index++) {
        const mount = step.mounts[index] as Mount;
        if ('from' in mount && typeof mount.from === 'string') features |= NEEDS_VALIDATION;
      }
      return features;
    case 'workdir': {
      const path = rawText(step.path);
      return path.startsWith('/') || path.startsWith('$') ? features : features | NEEDS_VALIDATION;
    }
    case 'env':
    case 'arg':
    case 'onbuild':
      return declaresSecretLikeName(step) ? features | SECRET_NAME : features;
    case 'cmd':
      return features & SEEN_CMD ? features | NEEDS_VALIDATION : features | SEEN_CMD;
    case 'entrypoint':
      return features & SEEN_ENTRYPOINT ? features | NEEDS_VALIDATION : features | SEEN_ENTRYPOINT;
    case 'healthcheck':
      return features & SEEN_HEALTHCHECK ? features | NEEDS_VALIDATION : features | SEEN_HEALTHCHECK;
    default:
      return features;
  }
}

/** Whether an ENV or ARG, or the one an ONBUILD wraps, declares a secret-like name. */
function declaresSecretLikeName(step: Step): boolean {
  switch (step.kind) {
    case 'env':
      for (let index = 0; index < step.vars.length; index++) {
        if (isSecretLikeName((step.vars[index] as EnvStep['vars'][number])[0])) return true;
      }
      return false;
    case 'arg':
      return isSecretLikeName(step.name);
    case 'onbuild':
      return declaresSecretLikeName(step.step);
    default:
      return false;
  }
}

// Keyed by frozen lists only: a frozen list's steps cannot change, so neither can its bits.
const featuresOf = new WeakMap<readonly Step[], number>();

/**
 * Records the bits a walk over the frozen `steps` found (`addStepFeatures` over each step), and
 * returns them as stepFeatures will.
 */
export function recordStepFeatures(steps: readonly Step[], features: number): number {
  const bits = features & ALL;
  if (Object.isFrozen(steps)) featuresOf.set(steps, bits);
  return bits;
}

/**
 * What `derived` may hold: the bits of `source` when `derived` was made from its steps (reordered,
 * a part of them, or copies that differ in trace only), and frozen. Copies are no longer this
 * core's own (`NEEDS_VALIDATION`), which matters to no pass after validate.
 */
export function shareStepFeatures(source: readonly Step[], derived: readonly Step[]): void {
  recordStepFeatures(derived, stepFeatures(source) | NEEDS_VALIDATION);
}

/** The bits of `steps`: recorded, or found by a walk (and recorded when the list is frozen). */
export function stepFeatures(steps: readonly Step[]): number {
  const known = featuresOf.get(steps);
  if (known !== undefined) return known;
  let features = 0;
  // Indexed: the steps may be the frozen IR array (see ir/frozenArrays.ts).
  for (let index = 0; index < steps.length; index++) features = addStepFeatures(features, steps[index] as Step);
  recordStepFeatures(steps, features);
  return features & ALL;
}
