import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
  // Run from a subdirectory of a project, "dsl init" would make a second config: name the first.
  const above = configAbove(dir);
  throw new UsageError(
    `no docker.config.ts in ${directory ?? 'the current directory'}\n${
      above
        ? `the nearest config is ${relative(cwd, above)}: pass its directory (${relative(cwd, dirname(above))}) or --config ${relative(cwd, above)}`
        : 'run "dsl init" to create one, or pass --config PATH'
    }`,
  );
}

/** The config of the nearest directory above `dir` that has one. */
function configAbove(dir: string): string | undefined {
  for (let at = dirname(dir); ; at = dirname(at)) {
    const found = CONFIG_NAMES.map((name) => join(at, name)).find((path) => existsSync(path));
    if (found !== undefined || dirname(at) === at) return found;
  }
}
