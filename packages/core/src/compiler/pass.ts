import type { ResolvedBuild } from '../ir/resolved.js';

export interface PassContext {
  /** The directory of the config, for passes that report paths. */
  readonly cwd?: string;
  /** Record in each step's `trace` what the pass did and why (for `--explain`); off by default for speed. */
  readonly explain?: boolean;
}

/**
 * A compiler pass over the resolved build. Plugins add passes; `enforce` places them before
 * (`pre`) or after (`post`) the built-in ones, in the order given, as in vite.
 */
export interface CompilerPass {
  readonly name: string;
  readonly enforce?: 'pre' | 'post';
  readonly run: (build: ResolvedBuild, context: PassContext) => ResolvedBuild;
}

/** Built-in passes first sandwiched between plugins' `pre` and `post` passes, each group in order. */
export function orderPasses(builtIn: readonly CompilerPass[], plugins: readonly CompilerPass[]): CompilerPass[] {
  return [
    ...plugins.filter((pass) => pass.enforce === 'pre'),
    ...builtIn,
    ...plugins.filter((pass) => pass.enforce === undefined),
    ...plugins.filter((pass) => pass.enforce === 'post'),
  ];
}
