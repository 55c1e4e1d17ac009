import { createRequire } from 'node:module';

// V8's allocation-site pretenuring, turned off while a large config is made (withoutPretenuring)
// and on again after. The loader's bundle and the core's each hold a copy of this module: the
// state is on globalThis so that both see it.
interface PretenuringState {
  /** withoutPretenuring calls under way (nested ones count). */
  scopes: number;
  /** Steps made since the outermost one began. */
  stepsMade: number;
  /** Whether pretenuring is off, turned off by this module. */
  turnedOff: boolean;
}

const KEY = Symbol.for('dockerdsl.pretenuring');
const holder = globalThis as { [KEY]?: PretenuringState };
holder[KEY] ??= { scopes: 0, stepsMade: 0, turnedOff: false };
const shared: PretenuringState = holder[KEY];

/**
 * Below this many steps pretenuring is left alone: V8 has made no decision yet that would scatter
 * them, and `node:v8` (the only way to set a V8 flag) loads Node's streams, which cost a compile of
 * a small config 2-3 ms.
 */
export const LARGE_CONFIG_STEPS = 1_000;

function setPretenuring(on: boolean): void {
  // Required here, not imported: see LARGE_CONFIG_STEPS. A built-in resolves from any absolute path
  // (not import.meta.url: the loader's bundle has none).
  const v8 = createRequire(process.execPath)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString(on ? '--allocation-site-pretenuring' : '--no-allocation-site-pretenuring');
}

/**
 * Runs `make`, which builds or loads a config; once it has made more than LARGE_CONFIG_STEPS steps,
 * V8's allocation-site pretenuring is off until `make` returns, or until the promise it returns
 * settles. `dsl` loads every config so; a program that makes large configs with this package in its
 * own process may do the same.
 *
 * Why: making a step allocates a few KB of short-lived objects (option validation, call sites),
 * and some of their allocation sites survive often enough for V8 to allocate them in the old
 * generation directly from then on. A config's parts then sit between that garbage, and the steps
 * of a stage end up kilobytes apart instead of side by side. At 10,000 stages every walk over the
 * steps then misses the CPU's caches: one walk over a generated config took 66-118 ns a step made
 * with pretenuring and 31-37 ns without; a compile of it 348-419 ms against 251-288 ms (the compile
 * itself ran with V8's defaults both times). Making the config took as long either way.
 */
export function withoutPretenuring<T>(make: () => T): T {
  // A process started with the flag off keeps it so.
  if (process.execArgv.includes('--no-allocation-site-pretenuring')) return make();
  if (shared.scopes++ === 0) shared.stepsMade = 0;
  let made: T;
  try {
    made = make();
  } catch (error) {
    endScope();
    throw error;
  }
  if (!isThenable(made)) {
    endScope();
    return made;
  }
  return made.then(
    (value) => {
      endScope();
      return value;
    },
    (error: unknown) => {
      endScope();
      throw error;
    },
  ) as T;
}

function endScope(): void {
  if (--shared.scopes > 0 || !shared.turnedOff) return;
  shared.turnedOff = false;
  setPretenuring(true);
}

/** Called by the step factories for every step they make: a large config turns pretenuring off. */
export function noteStepMade(): void {
  if (shared.scopes === 0 || shared.turnedOff || ++shared.stepsMade <= LARGE_CONFIG_STEPS) return;
  shared.turnedOff = true;
  setPretenuring(false);
}

/**
 * Runs `useCache` with V8's flags as the process started them. A code cache carries a hash of the
 * flags, and V8 refuses one made under others: a cache read or written while pretenuring is off
 * would be refused by every run that reads it with the flags as they start.
 */
export function withStartupFlags<T>(useCache: () => T): T {
  if (!shared.turnedOff) return useCache();
  setPretenuring(true);
  try {
    return useCache();
  } finally {
    setPretenuring(false);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
