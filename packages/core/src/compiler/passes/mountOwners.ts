import { frozenSome } from '../../ir/frozenArrays.js';
import type { CacheMount, Mount, SecretMount, SshMount } from '../../ir/mounts.js';
import type { ResolvedBuild } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { rewriteRunMounts } from '../rewriteRunMounts.js';

/** A numeric `USER uid[:gid]`, as `nonRootUser()` writes it. */
const NUMERIC_USER = /^(\d+)(?::(\d+))?$/;

interface Owner {
  readonly uid: number;
  readonly gid: number | undefined;
}

/**
 * Gives secret, SSH and cache mounts the owner of the RUN: BuildKit creates them owned by root
 * (secrets mode 0400, the agent socket 0600, a new cache directory 0755), so after
 * `USER 10001:10001` a secret cannot be read (`Permission denied`), the SSH agent cannot be reached
 * and nothing can be written to the cache (`npm ci` fails with `EACCES: mkdir .../_cacache`). Where
 * the USER in effect (set in the stage or a parent stage) is a numeric non-root id, a mount that
 * names no `uid` gets it, and the `gid` with it. A named USER's ids are not known from the config:
 * give `uid`/`gid` on the mount there.
 */
export function mountOwners(build: ResolvedBuild): ResolvedBuild {
  return rewriteRunMounts(build, { after: ownerAfter, mounts: ownedMounts });
}

function ownerAfter(owner: Owner | undefined, step: Step): Owner | undefined {
  if (step.kind !== 'user') return owner;
  return ownerOf(rawText(step.user), step.group === undefined ? undefined : rawText(step.group));
}

/** The numeric owner a USER sets; undefined for root, a name, or a variable. */
function ownerOf(user: string, group: string | undefined): Owner | undefined {
  const match = NUMERIC_USER.exec(group === undefined ? user : `${user}:${group}`);
  if (match === null || Number(match[1]) === 0) return undefined;
  return { uid: Number(match[1]), gid: match[2] === undefined ? undefined : Number(match[2]) };
}

/** The mounts with the owner given to those that lack one; undefined when none does. */
function ownedMounts(mounts: readonly Mount[], owner: Owner): readonly Mount[] | undefined {
  if (!frozenSome(mounts, lacksOwner)) return undefined;
  const out: Mount[] = [];
  for (let index = 0; index < mounts.length; index++) {
    const mount = mounts[index] as Mount;
    if (!lacksOwner(mount)) {
      out.push(mount);
      continue;
    }
    const owned = mount as SecretMount | SshMount | CacheMount;
    out.push({
      ...owned,
      uid: owner.uid,
      ...(owner.gid !== undefined && owned.gid === undefined ? { gid: owner.gid } : {}),
    });
  }
  return Object.freeze(out);
}

function lacksOwner(mount: Mount): boolean {
  return (mount.type === 'secret' || mount.type === 'ssh' || mount.type === 'cache') && mount.uid === undefined;
}
