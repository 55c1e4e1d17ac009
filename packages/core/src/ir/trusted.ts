// Steps and stages built by this copy of the core's factories were validated when they were made;
// the compiler re-validates only those built some other way (by hand, plain JS, another core copy).
//
// The mark is an own, non-enumerable property under a symbol private to this module (so to this
// copy of the core), set before the node is frozen. JSON, spreads, Object.keys and structuredClone
// do not see it, so a copy of a node is not trusted; only Object.getOwnPropertySymbols shows it.
// Not a WeakSet of marked nodes: the compiler checks every step, and in a large build the set
// outgrew the CPU caches (the costliest memory access of a compile at 10,000 stages).
const TRUSTED = Symbol('dsl.trusted');

/** Marks a node this core's factories made and validated. Call it before freezing the node. */
export function markTrusted<T extends object>(node: T): T {
  Object.defineProperty(node, TRUSTED, { value: true });
  return node;
}

/** Any value may be asked: hand-made IR is any shape until validated. */
export function isTrusted(node: unknown): boolean {
  return typeof node === 'object' && node !== null && Object.hasOwn(node, TRUSTED);
}
