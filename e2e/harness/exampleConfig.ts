import type { Config, ConfigInput } from '@dockerdsl/core';

/**
 * Loads `<dir>/docker.config.ts` and resolves it for one target. Imported through vitest's module
 * graph, so the config and the harness share one copy of @dockerdsl/core (aliased to its source).
 */
export async function loadExampleConfig(dir: string, target?: string): Promise<Config> {
  const module = (await import(`${dir}/docker.config.ts`)) as { default?: ConfigInput };
  const input = module.default;
  if (input === undefined) throw new Error(`${dir}/docker.config.ts has no default export`);
  return typeof input === 'function' ? await input({ target, env: process.env }) : input;
}

export interface ExampleTargets {
  /** Target names in config order. */
  readonly targets: readonly string[];
  /** What a plain `docker build` of the full Dockerfile builds. */
  readonly defaultTarget: string;
}

export async function exampleTargets(dir: string): Promise<ExampleTargets> {
  const config = await loadExampleConfig(dir);
  const targets = config.targets.map((stage) => stage.name);
  const defaultTarget = config.defaultTarget?.name ?? targets[targets.length - 1];
  if (defaultTarget === undefined) throw new Error(`${dir}/docker.config.ts declares no targets`);
  return { targets, defaultTarget };
}
