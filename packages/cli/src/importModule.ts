/**
 * `import()` for the CLI's own code. The `dsl` executable runs the CLI bundle through vm.Script
 * (for its V8 code cache), where a plain `import()` fails without experimental flags, so the
 * launcher, a regular CommonJS module, lends its own `import()` under this symbol. Anywhere else
 * (tests, the package's library entry) the native one is used.
 */
const LENT_IMPORT = Symbol.for('dockerdsl.cli.import');

export function importModule<T = Record<string, unknown>>(specifier: string): Promise<T> {
  const lent = (globalThis as { [LENT_IMPORT]?: (specifier: string) => Promise<unknown> })[LENT_IMPORT];
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
