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
 *
 * zod's configuration is global (shared by every copy of zod in the process), and classic zod, once
 * a fragment library loads it, installs a memoizer there that every object and array schema built
 * afterwards takes up: a walk for reference cycles on its first parse and a memo on each. The core's
 * schemas are built without it, so they parse alike whether or not a library loaded classic zod,
 * and without that cost. They need none: none of them refers to itself, so a parse has a bounded
 * depth whatever the value (a cycle in it included).
 */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      if (!globalConfig.localeError) config(en());
      value = withoutMemoizer(build);
      built = true;
    }
    return value;
  };
}

function withoutMemoizer<T>(build: () => T): T {
  const memoizer = globalConfig.memoizer;
  if (memoizer === undefined) return build();
  globalConfig.memoizer = undefined;
  try {
    return build();
  } finally {
    globalConfig.memoizer = memoizer;
  }
}
