import { createRequire } from 'node:module';

// V8's allocation-site pretenuring, turned off while a large config is made (withoutPretenuring)
// and on again after. The loader's bundle and the core's each hold a copy of this module: the
// state is on globalThis so that both see it.
interface PretenuringState {
  /** withoutPretenuring calls under way (nested or overlapping ones count). */
  scopes: number;
  /** Steps made since the first of them began. */
  stepsMade: number;
  /** Whether pretenuring is off, turned off by this module. */
  turnedOff: boolean;
  /** Whether a config of this process has had more than LARGE_CONFIG_STEPS steps. */
  madeLargeConfig: boolean;
}

const KEY = Symbol.for('dockerdsl.pretenuring.v1');
const holder = globalThis as { [KEY]?: PretenuringState };
holder[KEY] ??= { scopes: 0, stepsMade: 0, turnedOff: false, madeLargeConfig: false };
const shared: PretenuringState = holder[KEY];

/**
 * Up to this many steps pretenuring is left alone, in a process that has made no larger config:
 * V8 has not had the time to make a decision that would scatter them, and `node:v8` (the only way
 * to set a V8 flag) loads Node's streams, which cost a compile of a small config 2-3 ms. Once a
 * config was larger, every later one is made with pretenuring off from its first step: in a warm
 * heap V8 decides sooner, and a site it has pretenured stays so.
 */
export const LARGE_CONFIG_STEPS = 1_000;

let cannotSetFlags = false;

/**
 * Whether setting the flag worked. It is only an optimisation: a failure changes nothing else, and
 * after one no other attempt is made.
 */
function setPretenuring(on: boolean): boolean {
  if (cannotSetFlags) return false;
  try {
    // Required here, not imported: see LARGE_CONFIG_STEPS. A built-in resolves from any absolute
    // path (not import.meta.url: the loader's bundle has none).
    const v8 = createRequire(process.execPath)('node:v8') as typeof import('node:v8');
    v8.setFlagsFromString(on ? '--allocation-site-pretenuring' : '--no-allocation-site-pretenuring');
    return true;
  } catch {
    cannotSetFlags = true;
    return false;
  }
}

/**
 * Whether the command line turned pretenuring off (the last of its spellings wins, as in V8): then
 * it stays off, and this module never turns it on.
 */
function startedWithoutPretenuring(): boolean {
  let off = false;
  for (const arg of process.execArgv) {
    const match = /^--(no[-_]?)?allocation[-_]site[-_]pretenuring$/.exec(arg);
    if (match) off = match[1] !== undefined;
  }
  return off;
}

/**
 * Runs `make`, which builds or loads a config. Once more than LARGE_CONFIG_STEPS steps have been
 * made, V8's allocation-site pretenuring is off until `make` returns, or until the promise it
 * returns settles (with calls nested or overlapping: until the last of them ends). `dsl` loads
 * every config so; a program that makes large configs with this package in its own process may do
 * the same.
 *
 * Why: making a step allocates a few KB of short-lived objects (option validation, call sites),
 * and some of their allocation sites survive often enough for V8 to allocate them in the old
 * generation directly from then on. A config's parts then sit between that garbage, and the steps
 * of a stage end up kilobytes apart instead of side by side. At 10,000 stages every walk over the
 * steps then misses the CPU's caches: figures in docs/cli.md ("Making a large config"), from
 * bench/compile.ts, which `DSL_BENCH_V8_DEFAULTS=1` runs on configs made with V8's defaults.
 */
export function withoutPretenuring<T>(make: () => Promise<T>): Promise<T>;
export function withoutPretenuring<T>(make: () => T): T;
export function withoutPretenuring<T>(make: () => T | Promise<T>): T | Promise<T> {
  if (startedWithoutPretenuring()) return make();
  if (shared.scopes++ === 0) {
    shared.stepsMade = 0;
    if (shared.madeLargeConfig) turnOff();
  }
  let made: T | Promise<T>;
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
  // Promise.resolve: a thenable whose `then` throws still ends the scope (as a rejection).
  return Promise.resolve(made).then(
    (value) => {
      endScope();
      return value;
    },
    (error: unknown) => {
      endScope();
      throw error;
    },
  );
}

function endScope(): void {
  if (--shared.scopes > 0 || !shared.turnedOff) return;
  if (setPretenuring(true)) shared.turnedOff = false;
}

/** Called by the step factories for every step they make: a large config turns pretenuring off. */
export function noteStepMade(): void {
  if (shared.scopes === 0 || shared.turnedOff || cannotSetFlags || ++shared.stepsMade <= LARGE_CONFIG_STEPS) return;
  shared.madeLargeConfig = true;
  turnOff();
}

function turnOff(): void {
  if (setPretenuring(false)) shared.turnedOff = true;
}

/**
 * Runs `useCache` with pretenuring as the process started it. A code cache carries a hash of V8's
 * flags, and V8 refuses one made under others: a cache read or written while this module has
 * pretenuring off would be refused by every run that reads it as the process starts.
 */
export function withPretenuringAsStarted<T>(useCache: () => T): T {
  if (!shared.turnedOff || !setPretenuring(true)) return useCache();
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
