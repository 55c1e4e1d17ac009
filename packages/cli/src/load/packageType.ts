import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Whether the package.json nearest to `dir` says `"type": "module"`, so Node (and tsx) load its
 * `.js` and `.ts` files as ES modules. `memo` keeps answers per directory for a walk over many files.
 */
export function packageTypeIsModule(dir: string, memo?: Map<string, boolean>): boolean {
  const known = memo?.get(dir);
  if (known !== undefined) return known;
  let isModule: boolean;
  try {
    isModule = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
  } catch {
    isModule = dirname(dir) === dir ? false : packageTypeIsModule(dirname(dir), memo);
  }
  memo?.set(dir, isModule);
  return isModule;
}

/** Whether Node loads the source file `file` as CommonJS: `.cts`/`.cjs`, or `.ts`/`.js` outside a module package. */
export function loadsAsCommonJs(file: string): boolean {
  if (/\.c[jt]s$/.test(file)) return true;
  if (/\.m[jt]s$/.test(file)) return false;
  return !packageTypeIsModule(dirname(file));
}
