import { type EmitOptions, emitDockerfile } from '../emit/emitDockerfile.js';
import type { Config } from '../ir/config.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import { assertNoSecretNames } from '../lint/secretNames.js';
import type { ImageLock } from '../lock/lockfile.js';
import { pinImages } from '../lock/pinImages.js';
import { checkPassOutput } from './checkPassOutput.js';
import { type CompilerPass, orderPasses, type PassContext } from './pass.js';
import { absoluteMountTargets } from './passes/absoluteMountTargets.js';
import { applyGates } from './passes/applyGates.js';
import { hoistSharedPrefix } from './passes/hoistSharedPrefix.js';
import { mergeRuns } from './passes/mergeRuns.js';
import { mountOwners } from './passes/mountOwners.js';
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
  /**
   * Image digests (`dsl.lock`): the Dockerfile names every locked image as `name:tag@sha256:...`.
   * Only the emitted text is pinned; `build` keeps the references as the config wrote them.
   */
  readonly lock?: ImageLock;
  /** With `lock`: an image the lock does not hold is an error instead of staying unpinned. */
  readonly frozenLock?: boolean;
  /**
   * Secret-like ENV/ARG names (not in `lint.allowSecretNames`) are compile errors. `false` is for
   * tools that report them themselves (`dsl lint`) or compile Dockerfiles they did not write.
   */
  readonly checkSecrets?: boolean;
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
    { name: 'absoluteMountTargets', run: absoluteMountTargets },
    { name: 'mountOwners', run: mountOwners },
    { name: 'placeDefaultTargetLast', run: placeDefaultTargetLast },
  ];
}

/** Config in, Dockerfile out: validate, resolve, run the passes, emit. Pure. */
export function compile(config: Config, options: CompileOptions = {}): CompileResult {
  validate(config);
  let build = resolve(config, options.target !== undefined ? { target: options.target } : {});
  const plugins = [...(config.plugins ?? []), ...(options.plugins ?? [])];
  const context: PassContext = { ...options.context, ...(options.explain ? { explain: true } : {}) };
  for (const pass of orderPasses(builtInPasses(config), plugins)) {
    const before = build;
    build = pass.run(build, context);
    // The built-in passes' output is correct by construction; a plugin's is checked.
    if (plugins.includes(pass)) checkPassOutput(pass, before, build);
  }
  if (options.checkSecrets !== false) assertNoSecretNames(build, config.lint?.allowSecretNames ?? []);
  const emitted = options.lock ? pinImages(build, { lock: options.lock, frozen: options.frozenLock ?? false }) : build;
  return { dockerfile: emitDockerfile(emitted, options), build };
}
