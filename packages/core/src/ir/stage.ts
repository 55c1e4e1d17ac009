import type { Origin } from './origin.js';
import type { Step } from './steps.js';

/**
 * A named group of steps produced by one fragment call. Kept in the tree so diagnostics can name
 * the fragment; the compiler flattens it.
 */
export interface FragmentNode {
  readonly kind: 'fragment';
  readonly name: string;
  /** The npm package that defined the fragment, when known (`@acme/docker-fragments`). */
  readonly package?: string;
  /**
   * The major version of the `@dockerdsl/core` copy that made the node. A compiler refuses nodes
   * from another major (see docs/fragments.md); nodes without it are validated by shape only.
   */
  readonly coreMajor?: number;
  readonly origin: Origin;
  readonly items: readonly StageItem[];
}

export type StageItem = Step | FragmentNode;

export interface Stage {
  readonly kind: 'stage';
  readonly name: string;
  /** An image reference, or another stage (a value, so a misspelled stage is a type error). */
  readonly from: string | Stage;
  readonly platform?: string;
  readonly items: readonly StageItem[];
  readonly origin: Origin;
}

/** A reference to a stage is the stage value itself. */
export type StageRef = Stage;

export function isStage(value: unknown): value is Stage {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'stage';
}

/** A fragment node, by its tag: hand-made IR may hold anything where a node belongs. */
export function isFragmentNode(value: unknown): value is FragmentNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'fragment';
}
