import { config, globalConfig } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

/**
 * `lazy(() => value)`: a function that builds the value on its first call and returns that same
 * value on every later one. For zod schemas: building one costs far more than parsing with it, and
 * a build uses few of the core's hundreds, so none is built when the core is imported.
 *
 * The core's schemas are zod/mini ones (a mini schema is built several times faster than a classic
 * one: classic gives each instance its own methods). Classic zod sets English messages on building
 * its first schema; mini sets no locale, so the first build here does what classic would, and the
 * messages stay classic's (a locale set before, by the config or a library, is kept).
 */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      if (!globalConfig.localeError) config(en());
      value = build();
      built = true;
    }
    return value;
  };
}
