import { posix } from 'node:path';
import { frozenSome } from '../../ir/frozenArrays.js';
import type { Mount } from '../../ir/mounts.js';
import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { RUN_MOUNTS, stepFeatures } from '../stepFeatures.js';

/**
 * Writes relative `--mount` targets (`target=target` for Cargo's build directory) as absolute paths
 * under the WORKDIR in effect, which is what BuildKit does with them: Buildah refuses relative
 * targets. Only where the WORKDIR is known from the config (set in this stage or a parent stage,
 * without variables); elsewhere the target is left as written.
 */
export function absoluteMountTargets(build: ResolvedBuild): ResolvedBuild {
  if (!frozenSome(build.stages, hasRunMounts)) return build;
  const finalWorkdir = new Map<string, string | undefined>();
  const stages: ResolvedStage[] = [];
  for (let index = 0; index < build.stages.length; index++)
    stages.push(withAbsoluteTargets(build.stages[index] as ResolvedStage, finalWorkdir));
  return { ...build, stages };
}

/** The stage with its relative mount targets made absolute; records its final WORKDIR. */
function withAbsoluteTargets(stage: ResolvedStage, finalWorkdir: Map<string, string | undefined>): ResolvedStage {
  let workdir = 'stage' in stage.from ? finalWorkdir.get(stage.from.stage) : undefined;
  // A copy of the steps, made at the first step that changes: most stages have none.
  let steps: Step[] | undefined;
  for (let index = 0; index < stage.steps.length; index++) {
    const step = stage.steps[index] as Step;
    if (step.kind === 'workdir') workdir = nextWorkdir(workdir, rawText(step.path), typeof step.path !== 'string');
    if (step.kind !== 'run' || workdir === undefined || !frozenSome(step.mounts, isRelative)) continue;
    steps ??= [...stage.steps];
    steps[index] = Object.freeze({ ...step, mounts: absoluteMounts(step.mounts, workdir) });
  }
  finalWorkdir.set(stage.name, workdir);
  return steps ? { ...stage, steps } : stage;
}

/**
 * The mounts with relative targets joined to `workdir`. A function of its own: a callback in the
 * loop above, capturing the WORKDIR, made V8 allocate a scope for every step of every stage
 * (9 MB at 10,000 stages), relative targets or not.
 */
function absoluteMounts(mounts: readonly Mount[], workdir: string): readonly Mount[] {
  const out: Mount[] = [];
  for (let index = 0; index < mounts.length; index++) {
    const mount = mounts[index] as Mount;
    out.push(isRelative(mount) ? ({ ...mount, target: posix.join(workdir, mount.target as string) } as Mount) : mount);
  }
  return Object.freeze(out);
}

function hasRunMounts(stage: ResolvedStage): boolean {
  return (stepFeatures(stage.steps) & RUN_MOUNTS) !== 0;
}

function isRelative(mount: Mount): boolean {
  const target = 'target' in mount ? mount.target : undefined;
  return target !== undefined && !target.startsWith('/') && !target.includes('$');
}

function nextWorkdir(current: string | undefined, path: string, expands: boolean): string | undefined {
  if (expands && path.includes('$')) return undefined;
  if (path.startsWith('/')) return posix.normalize(path);
  return current === undefined ? undefined : posix.join(current, path);
}
