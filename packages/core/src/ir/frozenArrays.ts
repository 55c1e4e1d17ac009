/**
 * How the compiler walks IR arrays (steps, items, mounts, commands...) on its hot paths: with plain
 * indexed `for` loops in module-level functions, or with `frozenSome` and a module-level predicate.
 * Two reasons, both measured on Node 20:
 *
 * - IR arrays are frozen (see freeze.ts), and V8 has no fast path for frozen arrays in the Array
 *   methods or in `for...of`: on them `forEach` and `some` are ten to twenty times slower,
 *   `for...of` allocates per element, `slice` is slower still. Indexed loops stay fast. So does
 *   indexing (`pair[0]`), where destructuring (`const [a, b] = pair`) and spreading (`[...list]`)
 *   iterate, allocating as they go.
 * - A callback written inline is a new closure at every call. V8 keeps the optimised code of a
 *   function only while a closure that uses it is alive, so after a garbage collection the next
 *   compile would run such loop bodies unoptimised again until V8 recompiles them. And a callback
 *   in a loop body that captures a variable of that body makes V8 allocate a scope object on every
 *   iteration, whether or not the callback is ever created.
 */

/** `list.some(test)` for a frozen list; `test` should be a module-level function (see above). */
export function frozenSome<T>(list: readonly T[], test: (item: T) => boolean): boolean {
  for (let index = 0; index < list.length; index++) if (test(list[index] as T)) return true;
  return false;
}
