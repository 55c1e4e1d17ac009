/**
 * `forEach`, `some` and `map` for IR arrays, which are frozen (see freeze.ts). Node 20's V8 has no
 * fast path for frozen arrays in the Array methods or in `for...of`: on them `forEach` and `some`
 * are ten to twenty times slower, `for...of` allocates per element, `slice` is slower still. Plain
 * indexed loops stay fast, so the compiler's hot paths walk IR arrays with these (or such loops).
 */

export function frozenForEach<T>(list: readonly T[], visit: (item: T, index: number) => void): void {
  for (let index = 0; index < list.length; index++) visit(list[index] as T, index);
}

export function frozenSome<T>(list: readonly T[], test: (item: T) => boolean): boolean {
  for (let index = 0; index < list.length; index++) if (test(list[index] as T)) return true;
  return false;
}

export function frozenMap<T, U>(list: readonly T[], map: (item: T, index: number) => U): U[] {
  const out = new Array<U>(list.length);
  for (let index = 0; index < list.length; index++) out[index] = map(list[index] as T, index);
  return out;
}
