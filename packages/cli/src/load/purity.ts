/**
 * Whether a config bundle computes the same config on every run from the files it was built
 * from, so that its Dockerfile can be reused (the result cache, see resultCache.ts). Decided once,
 * when the bundle is made, and conservatively: anything that could read the machine, the clock,
 * randomness or the environment makes the bundle impure, and a false alarm costs only a compile.
 *
 * A bundle is pure when:
 * - it is CommonJS and every code module in it is an ES module (strict by the language's rules,
 *   which `"use strict"` then restores: esbuild's CommonJS output is sloppy, where `this` in a plain
 *   function call is the global object);
 * - it imports nothing but `@dockerdsl/core` and `@dockerdsl/core/zod`: no node: module, no
 *   package loaded at run time (which no one has read);
 * - esbuild had nothing to warn about (a `require` or `import()` of a computed name, `module` in
 *   an ES module, and the like);
 * - its code names none of the globals below. esbuild rewrites each free reference `process` to
 *   `globalThis.process` (see IMPURE_GLOBALS_DEFINE: the same value, so nothing else changes), and
 *   the output is then searched for `globalThis`; esbuild has parsed the code and dropped its
 *   comments, so a property or a local variable of the same name is not mistaken for the global.
 *   A few words are searched for as words wherever they occur: `eval`, `Function` by way of
 *   `.constructor`, `Math.random` by way of `random`, locale-dependent methods.
 *
 * What this does not catch: access to a global by a name built at run time (`x['constr' + 'uctor']`).
 * That is deliberate obfuscation, not a config reading its environment by accident; `--no-cache`
 * or DSL_RESULT_CACHE=0 turn the result cache off.
 */

/** Globals whose value or effect can differ between runs of the same code. */
export const IMPURE_GLOBALS = [
  'process',
  'global',
  'console',
  'Date',
  'performance',
  'Performance',
  'PerformanceObserver',
  'crypto',
  'Crypto',
  'SubtleCrypto',
  'fetch',
  'Request',
  'Response',
  'Headers',
  'WebSocket',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'WeakRef',
  'FinalizationRegistry',
  'Atomics',
  'SharedArrayBuffer',
  'MessageChannel',
  'MessagePort',
  'BroadcastChannel',
  'AbortSignal',
  // Events carry a timestamp; a File its modification time (now, by default).
  'Event',
  'CustomEvent',
  'MessageEvent',
  'File',
  'Intl',
  // allocUnsafe hands out memory as it was.
  'Buffer',
  'Function',
  'navigator',
  'self',
  'window',
] as const;

/** esbuild `define`: every free reference to an impure global becomes `globalThis.<name>`. */
export const IMPURE_GLOBALS_DEFINE: Readonly<Record<string, string>> = Object.fromEntries(
  IMPURE_GLOBALS.map((name) => [name, `globalThis.${name}`]),
);

/** Words that make a bundle impure wherever they occur in its code. */
const IMPURE_WORDS =
  /\b(?:globalThis(?:\s*\.\s*[A-Za-z_$][\w$]*)?|eval|constructor|random|caller|callee|toLocale\w*|localeCompare)\b|\bimport\s*\(/;

/** The parts of an esbuild result this decision reads. */
export interface BundleFacts {
  readonly format: 'cjs' | 'esm';
  /** The bundle's code, without its source map comment. */
  readonly code: string;
  readonly warnings: readonly { readonly text: string }[];
  /** Each bundled module's format as esbuild detected it (`format` of the metafile's inputs). */
  readonly inputs: readonly { readonly path: string; readonly format?: string }[];
  /** The module names the code `require`s at run time (`external` imports of the metafile's output). */
  readonly externals: readonly string[];
  /** The names that load the core: `@dockerdsl/core`, its `/zod` subpath, or the CLI's copy's files. */
  readonly coreNames: readonly string[];
}

export type Purity = { readonly pure: true } | { readonly pure: false; readonly reason: string };

export function bundlePurity(facts: BundleFacts): Purity {
  if (facts.format !== 'cjs') return impure('the bundle is an ES module');
  const notModule = facts.inputs.find((input) => !input.path.endsWith('.json') && input.format !== 'esm');
  if (notModule) return impure(`${notModule.path} is not an ES module`);
  const external = facts.externals.find((name) => !facts.coreNames.includes(name));
  if (external !== undefined) return impure(`it loads ${external} when it runs`);
  const warning = facts.warnings[0];
  if (warning) return impure(`esbuild warned: ${warning.text}`);
  const word = IMPURE_WORDS.exec(facts.code)?.[0];
  if (word !== undefined) return impure(`its code uses ${globalName(word)}`);
  const requires = facts.code.match(/\brequire\b\s*\(\s*("[^"]*")?/g) ?? [];
  const computed = requires.find((call) => {
    const name = /"([^"]*)"/.exec(call)?.[1];
    return name === undefined || !facts.coreNames.includes(name);
  });
  if (computed !== undefined) return impure(`its code calls ${computed}`);
  return { pure: true };
}

/** `process` for esbuild's `globalThis.process` (a free `process` in the source), else the word as written. */
function globalName(word: string): string {
  const name = /^globalThis\s*\.\s*(\S+)$/.exec(word)?.[1];
  return name !== undefined && (IMPURE_GLOBALS as readonly string[]).includes(name) ? name : word;
}

function impure(reason: string): Purity {
  return { pure: false, reason };
}
