import { relative } from 'node:path';
import type { Config } from '@dockerdsl/core';
import { UsageError } from './exitCodes.js';

/**
 * Checks that `--target NAME` names one of the config's targets. One that does not is a mistake on
 * the command line, like an unknown `--format` (exit 2), not in the config, which is not at fault.
 * An empty list, or targets that are not stages, are left to the compiler, which says where in the config they are.
 */
export function checkTargetOption(config: Config, target: string | undefined, configPath: string, cwd: string): void {
  if (target === undefined || !Array.isArray(config.targets)) return;
  const names = config.targets.map((stage) => (stage as { name?: unknown } | null)?.name);
  if (names.length === 0 || names.includes(target) || !names.every((name) => typeof name === 'string')) return;
  throw new UsageError(
    `unknown target "${target}" (--target)\n  hint: the targets of ${relative(cwd, configPath) || configPath} are: ${names.join(', ')}`,
  );
}
