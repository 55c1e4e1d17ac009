import { setFlagsFromString } from 'node:v8';

// V8's allocation-site pretenuring, turned off while a config is made (withoutPretenuring) and on
// again after. The loader's bundle and the core's each hold a copy of this module: the state is
// on globalThis so that both see it.
const TURNED_OFF = Symbol.for('dockerdsl.pretenuringOff');
type Holder = { [TURNED_OFF]?: boolean };

function turnedOff(): boolean {
  return (globalThis as Holder)[TURNED_OFF] === true;
}

function setPretenuring(on: boolean): void {
  setFlagsFromString(on ? '--allocation-site-pretenuring' : '--no-allocation-site-pretenuring');
}

/**
 * Runs `make`, which builds or loads a config, with V8's allocation-site pretenuring off; turned on
 * again when `make` returns, or when the promise it returns settles. `dsl` loads every config so;
 * a program that makes large configs with this package in its own process may do the same.
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
  // Already off: a nested call, or a process started with the flag.
  if (turnedOff() || process.execArgv.includes('--no-allocation-site-pretenuring')) return make();
  setPretenuring(false);
  (globalThis as Holder)[TURNED_OFF] = true;
  const restore = () => {
    (globalThis as Holder)[TURNED_OFF] = false;
    setPretenuring(true);
  };
  let made: T;
  try {
    made = make();
  } catch (error) {
    restore();
    throw error;
  }
  if (!isThenable(made)) {
    restore();
    return made;
  }
  return made.then(
    (value) => {
      restore();
      return value;
    },
    (error: unknown) => {
      restore();
      throw error;
    },
  ) as T;
}

/**
 * Runs `useCache` with V8's flags as the process started them. A code cache carries a hash of the
 * flags, and V8 refuses one made under others: a cache read or written while pretenuring is off
 * would be refused by every run that reads it with the flags as they start.
 */
export function withStartupFlags<T>(useCache: () => T): T {
  if (!turnedOff()) return useCache();
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
