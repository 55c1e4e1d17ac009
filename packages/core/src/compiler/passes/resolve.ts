import { DslError } from '../../errors.js';
import type { Config } from '../../ir/config.js';
import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import { isStage, type Stage } from '../../ir/stage.js';
import type { ArgStep } from '../../ir/steps.js';
import type { FlatStage } from '../flatten.js';
import { walkStages } from '../graph.js';

export interface ResolveOptions {
  /** Emit only the stages this target needs. */
  readonly target?: string;
}

/**
 * Flattens fragments, turns stage values into names and keeps only the stages the targets reach
 * (or the one target asked for). Non-default targets come first, so the default can go last.
 */
export function resolve(config: Config, options: ResolveOptions = {}): ResolvedBuild {
  const targets = config.targets;
  const defaultTarget = config.defaultTarget ?? (targets[targets.length - 1] as Stage);
  let roots: Stage[];
  if (options.target !== undefined) {
    const chosen = targets.find((target) => target.name === options.target);
    if (!chosen) {
      throw new DslError(
        `unknown target "${options.target}"`,
        { path: 'targets' },
        `the config's targets are: ${targets.map((target) => target.name).join(', ')}`,
      );
    }
    roots = [chosen];
  } else {
    roots = [...targets.filter((target) => target !== defaultTarget), ...(config.stages ?? []), defaultTarget];
  }
  const collected = walkStages(roots);
  const stages = new Array<ResolvedStage>(collected.stages.length);
  for (let index = 0; index < stages.length; index++)
    stages[index] = resolveStage(collected.stages[index] as Stage, collected.flats[index] as FlatStage);
  return {
    syntax: config.syntax ?? 'builtin',
    args: (config.args ?? []) as ArgStep[],
    stages,
    targets: options.target !== undefined ? [options.target] : targets.map((target) => target.name),
    defaultTarget: options.target ?? defaultTarget.name,
  };
}

function resolveStage(stage: Stage, flat: FlatStage): ResolvedStage {
  const from = isStage(stage.from) ? { stage: stage.from.name } : { image: stage.from };
  const steps = flat.steps;
  // Two literals of fixed shape, not one with a spread in the middle: V8 builds such a spread's
  // object shape by transitions, which a GC drops once no object has it, and then throws away the
  // optimised code of every pass that reads or copies these stages (measured: applyGates,
  // resolveStage). A literal's shape stays.
  return stage.platform !== undefined
    ? { name: stage.name, from, platform: stage.platform, steps, origin: stage.origin }
    : { name: stage.name, from, steps, origin: stage.origin };
}
