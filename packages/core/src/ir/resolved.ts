import type { SyntaxLevel } from './config.js';
import type { Origin } from './origin.js';
import type { ArgStep, Step } from './steps.js';

/** A stage after resolution: fragments flattened, parent named, ready for the ordering passes. */
export interface ResolvedStage {
  readonly name: string;
  readonly from: { readonly stage: string } | { readonly image: string };
  readonly platform?: string;
  readonly steps: readonly Step[];
  readonly origin: Origin;
}

/** What the passes transform and the emitter prints: stages in emission order. */
export interface ResolvedBuild {
  readonly syntax: SyntaxLevel;
  readonly args: readonly ArgStep[];
  readonly stages: readonly ResolvedStage[];
  /** Target stage names, as declared. */
  readonly targets: readonly string[];
  readonly defaultTarget: string;
}
