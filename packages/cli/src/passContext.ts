import { dirname, resolve } from 'node:path';
import type { PassContext } from '@dockerdsl/core';

/**
 * What the compiler tells every pass, plugins' included, about a config file: its directory
 * (`PassContext.cwd`), so a plugin can resolve paths the config names (a file it checks exists).
 */
export function passContext(configPath: string): PassContext {
  return { cwd: dirname(resolve(configPath)) };
}
