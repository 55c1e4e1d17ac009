import type { ConfigInput } from '../ir/config.js';

/**
 * Declares a dsl config. The identity function: it exists so editors type-check the config.
 * Pass an object, or a function of `{ target, env }` returning one.
 */
export function defineConfig<const T extends ConfigInput>(config: T): T {
  return config;
}
