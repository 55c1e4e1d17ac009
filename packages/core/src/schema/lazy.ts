/**
 * `lazy(() => value)`: a function that builds the value on its first call and returns that same
 * value on every later one. For zod schemas: building one costs far more than parsing with it, and
 * a build uses few of the core's hundreds, so none is built when the core is imported.
 */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
