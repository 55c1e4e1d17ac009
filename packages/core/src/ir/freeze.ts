/**
 * Deep-freezes a plain IR value. Stage references are frozen already, so frozen objects stop the walk.
 * Frozen arrays are slow to walk with Array methods: see frozenArrays.ts.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
