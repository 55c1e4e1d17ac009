import { type EmitOptions, emitDockerfile } from '../emit/emitDockerfile.js';
import type { Config } from '../ir/config.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import { type CompilerPass, orderPasses, type PassContext } from './pass.js';
import { placeDefaultTargetLast } from './passes/placeDefaultTargetLast.js';
import { resolve } from './passes/resolve.js';
import { validate } from './passes/validate.js';

export interface CompileOptions extends EmitOptions {
  readonly target?: string;
  readonly plugins?: readonly CompilerPass[];
  readonly context?: PassContext;
}

export interface CompileResult {
  readonly dockerfile: string;
  readonly build: ResolvedBuild;
}

/** The built-in passes after resolution, in order (cdk8s-style named synthesis steps). */
export const BUILT_IN_PASSES: readonly CompilerPass[] = [
  { name: 'placeDefaultTargetLast', run: placeDefaultTargetLast },
];

/** Config in, Dockerfile out: validate, resolve, run the passes, emit. Pure. */
export function compile(config: Config, options: CompileOptions = {}): CompileResult {
  validate(config);
  let build = resolve(config, options.target !== undefined ? { target: options.target } : {});
  for (const pass of orderPasses(BUILT_IN_PASSES, options.plugins ?? []))
    build = pass.run(build, options.context ?? {});
  return { dockerfile: emitDockerfile(build, options), build };
}
