import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Config, DslError } from '@dockerdsl/core';

export interface LoadOptions {
  readonly target?: string;
}

/**
 * Imports the config in-process with tsx and returns the config object (calling the default export
 * with `{ target, env }` when it is a function).
 */
export async function loadConfig(path: string, options: LoadOptions = {}): Promise<Config> {
  const { tsImport } = await import('tsx/esm/api');
  const module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  let config = module.default;
  if (typeof config === 'function') {
    config = await (config as (context: unknown) => unknown)({ target: options.target, env: { ...process.env } });
  }
  if (!isConfigLike(config)) {
    throw new DslError(
      `the default export is not a dsl config (got ${describe(config)})`,
      { callSite: { file: path, ...exportDefaultPosition(path) } },
      'export default defineConfig({ targets: [...] }) from @dockerdsl/core',
    );
  }
  return config;
}

function isConfigLike(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && Array.isArray((value as { targets?: unknown }).targets);
}

function describe(value: unknown): string {
  if (value === undefined) return 'no default export';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object')
    return `an object without a targets array (keys: ${Object.keys(value).join(', ') || 'none'})`;
  return `${typeof value}`;
}

function exportDefaultPosition(path: string): { line: number; column: number } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const index = lines.findIndex((line) => /^\s*export\s+default\b/.test(line));
  return index === -1 ? { line: 1, column: 1 } : { line: index + 1, column: 1 };
}
