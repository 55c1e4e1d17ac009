import { posix } from 'node:path';
import { frozenSome } from '../../ir/frozenArrays.js';
import type { Mount } from '../../ir/mounts.js';
import type { ResolvedBuild } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { nextWorkdir } from '../nextWorkdir.js';
import { rewriteRunMounts } from '../rewriteRunMounts.js';

/**
 * Writes relative `--mount` targets (`target=target` for Cargo's build directory) as absolute paths
 * under the WORKDIR in effect, which is what BuildKit does with them: Buildah refuses relative
 * targets. Only where the WORKDIR is known from the config (set in this stage or a parent stage,
 * without variables); elsewhere the target is left as written.
 */
export function absoluteMountTargets(build: ResolvedBuild): ResolvedBuild {
  return rewriteRunMounts(build, { after: workdirAfter, mounts: absoluteTargets });
}

function workdirAfter(workdir: string | undefined, step: Step): string | undefined {
  return step.kind === 'workdir' ? nextWorkdir(workdir, rawText(step.path), typeof step.path !== 'string') : workdir;
}

/** The mounts with relative targets joined to `workdir`; undefined when none is relative. */
function absoluteTargets(mounts: readonly Mount[], workdir: string): readonly Mount[] | undefined {
  if (!frozenSome(mounts, isRelative)) return undefined;
  const out: Mount[] = [];
  for (let index = 0; index < mounts.length; index++) {
    const mount = mounts[index] as Mount;
    out.push(isRelative(mount) ? ({ ...mount, target: posix.join(workdir, mount.target as string) } as Mount) : mount);
  }
  return Object.freeze(out);
}

function isRelative(mount: Mount): boolean {
  const target = 'target' in mount ? mount.target : undefined;
  return target !== undefined && !target.startsWith('/') && !target.includes('$');
}
