import { type EmitOptions, emitDockerfile } from '../emit/emitDockerfile.js';
import type { Config } from '../ir/config.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import { type CompilerPass, orderPasses, type PassContext } from './pass.js';
import { applyGates } from './passes/applyGates.js';
import { hoistSharedPrefix } from './passes/hoistSharedPrefix.js';
import { mergeRuns } from './passes/mergeRuns.js';
import { orderForCache } from './passes/orderForCache.js';
import { placeDefaultTargetLast } from './passes/placeDefaultTargetLast.js';
import { resolve } from './passes/resolve.js';
import { validate } from './passes/validate.js';

export interface CompileOptions extends EmitOptions {
  readonly target?: string;
  /** Passes added to the config's own `plugins`. */
  readonly plugins?: readonly CompilerPass[];
  readonly context?: PassContext;
  /** Record traces for `explainBuild` (slower). */
  readonly explain?: boolean;
}

export interface CompileResult {
  readonly dockerfile: string;
  readonly build: ResolvedBuild;
}

/** The built-in passes after resolution, in order (synthesis as named passes, as in cdk8s). */
export function builtInPasses(config: Pick<Config, 'optimize'>): CompilerPass[] {
  const optimize = config.optimize ?? {};
  return [
    { name: 'applyGates', run: applyGates },
    ...(optimize.orderForCache !== false ? [{ name: 'orderForCache', run: orderForCache }] : []),
    ...(optimize.mergeRuns !== false ? [{ name: 'mergeRuns', run: mergeRuns }] : []),
    ...(optimize.hoistSharedPrefix !== false ? [{ name: 'hoistSharedPrefix', run: hoistSharedPrefix }] : []),
    { name: 'placeDefaultTargetLast', run: placeDefaultTargetLast },
  ];
}

/** Config in, Dockerfile out: validate, resolve, run the passes, emit. Pure. */
export function compile(config: Config, options: CompileOptions = {}): CompileResult {
  validate(config);
  let build = resolve(config, options.target !== undefined ? { target: options.target } : {});
  const plugins = [...(config.plugins ?? []), ...(options.plugins ?? [])];
  const context: PassContext = { ...options.context, ...(options.explain ? { explain: true } : {}) };
  for (const pass of orderPasses(builtInPasses(config), plugins)) build = pass.run(build, context);
  return { dockerfile: emitDockerfile(build, options), build };
}
