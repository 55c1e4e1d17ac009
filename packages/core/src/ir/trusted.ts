// Steps and stages built by this copy of the core's factories were validated when they were made;
// the compiler re-validates only those built some other way (by hand, plain JS, another core copy).
const trusted = new WeakSet<object>();

export function markTrusted<T extends object>(node: T): T {
  trusted.add(node);
  return node;
}

export function isTrusted(node: object): boolean {
  return trusted.has(node);
}
