import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './exitCodes.js';

export const CONFIG_NAMES = ['docker.config.ts', 'docker.config.mts', 'docker.config.js', 'docker.config.mjs'] as const;

/** The config path from `--config`, a directory argument, or the current directory. */
export function findConfig(directory: string | undefined, configFlag: string | undefined, cwd = process.cwd()): string {
  if (configFlag !== undefined) {
    const path = resolve(cwd, configFlag);
    if (!existsSync(path)) throw new UsageError(`config file not found: ${configFlag}`);
    // esbuild would report a directory as an unresolvable import, with a hint about packages.
    if (statSync(path).isDirectory()) {
      const inside = CONFIG_NAMES.find((name) => existsSync(join(path, name)));
      throw new UsageError(
        `--config ${configFlag} is a directory, not a config file\n${inside ? `pass its config, --config ${join(configFlag, inside)}, or the directory itself without --config` : 'pass the config file (docker.config.ts)'}`,
      );
    }
    return path;
  }
  const dir = resolve(cwd, directory ?? '.');
  if (!existsSync(dir)) throw new UsageError(`directory not found: ${directory}`);
  if (statSync(dir).isFile()) return dir;
  for (const name of CONFIG_NAMES) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new UsageError(
    `no docker.config.ts in ${directory ?? 'the current directory'}\nrun "dsl init" to create one, or pass --config PATH`,
  );
}
