import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config, ConfigInput } from '@dockerdsl/core';

/** The repository's examples/ directory. */
export const examplesDir = fileURLToPath(new URL('../../../../examples/', import.meta.url));

/** Every example with a docker.config.ts, sorted. */
export const exampleNames: readonly string[] = readdirSync(examplesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(examplesDir, entry.name, 'docker.config.ts')))
  .map((entry) => entry.name)
  .sort();

/** An example's config, calling a function config with no target and an empty environment. */
export async function loadExample(name: string): Promise<Config> {
  const module = (await import(join(examplesDir, name, 'docker.config.ts'))) as { default: ConfigInput };
  const input = module.default;
  return typeof input === 'function' ? await input({ target: undefined, env: {} }) : input;
}
