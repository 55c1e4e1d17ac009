import { frozenSome } from '../../ir/frozenArrays.js';
import type { Mount, SecretMount, SshMount } from '../../ir/mounts.js';
import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { RUN_MOUNTS, stepFeatures } from '../stepFeatures.js';

/** A numeric `USER uid[:gid]`, as `nonRootUser()` writes it. */
const NUMERIC_USER = /^(\d+)(?::(\d+))?$/;

interface Owner {
  readonly uid: number;
  readonly gid: number | undefined;
}

/**
 * Gives secret and SSH mounts the owner of the RUN: BuildKit creates them owned by root, mode
 * 0400/0600, so after `USER 10001:10001` a secret cannot be read (`Permission denied`) and the SSH
 * agent cannot be reached. Where the USER in effect (set in the stage or a parent stage) is a
 * numeric non-root id, a mount that names no `uid` gets it, and the `gid` with it. A named USER's
 * ids are not known from the config: give `uid`/`gid` on the mount there.
 */
export function mountOwners(build: ResolvedBuild): ResolvedBuild {
  if (!frozenSome(build.stages, hasRunMounts)) return build;
  const finalOwner = new Map<string, Owner | undefined>();
  const stages: ResolvedStage[] = [];
  for (let index = 0; index < build.stages.length; index++)
    stages.push(withMountOwners(build.stages[index] as ResolvedStage, finalOwner));
  return { ...build, stages };
}

function withMountOwners(stage: ResolvedStage, finalOwner: Map<string, Owner | undefined>): ResolvedStage {
  let owner = 'stage' in stage.from ? finalOwner.get(stage.from.stage) : undefined;
  // A copy of the steps, made at the first step that changes: most stages have none.
  let steps: Step[] | undefined;
  for (let index = 0; index < stage.steps.length; index++) {
    const step = stage.steps[index] as Step;
    if (step.kind === 'user')
      owner = ownerOf(rawText(step.user), step.group === undefined ? undefined : rawText(step.group));
    if (step.kind !== 'run' || owner === undefined || !frozenSome(step.mounts, lacksOwner)) continue;
    steps ??= [...stage.steps];
    steps[index] = Object.freeze({ ...step, mounts: ownedMounts(step.mounts, owner) });
  }
  finalOwner.set(stage.name, owner);
  return steps ? { ...stage, steps } : stage;
}

/** The numeric owner a USER sets; undefined for root, a name, or a variable. */
function ownerOf(user: string, group: string | undefined): Owner | undefined {
  const match = NUMERIC_USER.exec(group === undefined ? user : `${user}:${group}`);
  if (match === null || Number(match[1]) === 0) return undefined;
  return { uid: Number(match[1]), gid: match[2] === undefined ? undefined : Number(match[2]) };
}

function ownedMounts(mounts: readonly Mount[], owner: Owner): readonly Mount[] {
  const out: Mount[] = [];
  for (let index = 0; index < mounts.length; index++) {
    const mount = mounts[index] as Mount;
    if (!lacksOwner(mount)) {
      out.push(mount);
      continue;
    }
    const owned = mount as SecretMount | SshMount;
    out.push({
      ...owned,
      uid: owner.uid,
      ...(owner.gid !== undefined && owned.gid === undefined ? { gid: owner.gid } : {}),
    });
  }
  return Object.freeze(out);
}

function lacksOwner(mount: Mount): boolean {
  return (mount.type === 'secret' || mount.type === 'ssh') && mount.uid === undefined;
}

function hasRunMounts(stage: ResolvedStage): boolean {
  return (stepFeatures(stage.steps) & RUN_MOUNTS) !== 0;
}
