import type { Mount, SecretMount, SshMount } from '../../ir/mounts.js';
import type { RunStep, Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { at, defineRule, isRootUser, type StepAt } from '../ruleHelpers.js';
import { basename, runCommands, type SimpleCommand } from '../shellScript.js';
import type { LintProblem } from '../types.js';

/** Programs that change the system and fail for any user but root. */
const ROOT_ONLY = new Set([
  'apt-get',
  'apt',
  'apk',
  'dnf',
  'yum',
  'microdnf',
  'useradd',
  'groupadd',
  'adduser',
  'addgroup',
]);

function rootOnlyProgram(command: SimpleCommand): string | undefined {
  const program = basename(command.words[0] ?? '');
  return ROOT_ONLY.has(program) ? program : undefined;
}

/** A USER given by name (`node`, `app:app`), not by numeric id or a variable. */
const NAMED_USER = /^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z0-9_.-]+)?$/;

const HINT =
  "write nonRootUser() (or the user() step) after the steps that need root: dsl keeps steps written after a USER after it; or switch back with user('root') before this step";

/**
 * DSL003: a RUN of apt-get, apk, useradd... after a USER switch to an unprivileged user fails
 * (permission denied). dsl keeps every step written after a USER after it, so `nonRootUser()`
 * written early pins the installs written after it behind it.
 */
export const rootStepAsUser = defineRule({
  id: 'DSL003',
  description:
    'A RUN that needs root (apt-get, apk, dnf, useradd..., a secret or SSH mount, or a cache mount under /root) runs after a USER switch to an unprivileged user, or a cache mount without an owner after a named one.',
  defaultSeverity: 'warn',
  check: ({ build }) => {
    // One pass, parents first: a stage starts as the user its parent ended as (undefined: the
    // image's, not judged).
    const userAfter = new Map<string, string | undefined>();
    return build.stages.flatMap((stage) => {
      let user = 'stage' in stage.from ? userAfter.get(stage.from.stage) : undefined;
      const problems = stage.steps.flatMap((step: Step, i) => {
        if (step.kind === 'user') user = rawText(step.user);
        if (step.kind !== 'run' || user === undefined || isRootUser(user)) return [];
        return asUnprivileged(step, { step, stage, index: i + 1 }, user);
      });
      userAfter.set(stage.name, user);
      return problems;
    });
  },
});

function asUnprivileged(step: RunStep, where: StepAt, user: string): LintProblem[] {
  const program = runCommands(step)
    .map(rootOnlyProgram)
    .find((found) => found !== undefined);
  if (program !== undefined) {
    return [
      {
        ...at(where),
        message: `RUN ${program} runs as user ${user} (a USER before it in stage "${where.stage.name}" or a stage it is built on): it needs root and fails`,
        hint: HINT,
      },
    ];
  }
  // BuildKit mounts a secret (0400) and the SSH agent socket (0600) owned by root. A numeric USER's
  // id is given to them by the compiler (mountOwners); a named user's id is not known from the config.
  const rootOwned = NAMED_USER.test(user) ? step.mounts.find(isRootOwnedFileMount) : undefined;
  if (rootOwned !== undefined) {
    const what = rootOwned.type === 'secret' ? `the secret ${rootOwned.id}` : 'the SSH agent';
    return [
      {
        ...at(where),
        message: `RUN with ${what} mounted runs as user ${user}: BuildKit mounts it readable by root only, so the command gets "Permission denied"`,
        hint: `give the mount the user's numeric id (uid: 1000), or switch with a numeric USER (nonRootUser(), user('10001:10001')), whose id dsl gives the mount itself`,
      },
    ];
  }
  // /root is readable by root only: the tool neither reads nor fills the cache, and what it
  // downloads lands in the user's home, in the layer (pip, npm, uv, Poetry, Go, Cargo).
  const underRoot = step.mounts.find((mount) => mount.type === 'cache' && /^\/root(\/|$)/.test(mount.target));
  if (underRoot !== undefined && underRoot.type === 'cache') {
    return [
      {
        ...at(where),
        message: `RUN with the cache mount ${underRoot.target} runs as user ${user}: /root is root's alone, so the cache is never used and downloads go into the layer`,
        hint: HINT,
      },
    ];
  }
  // BuildKit creates a cache directory root's, 0755. After a numeric USER the compiler gives the
  // mount that owner (mountOwners); a name's ids are not known from the config.
  const unowned = NAMED_USER.test(user)
    ? step.mounts.find((mount) => mount.type === 'cache' && mount.uid === undefined)
    : undefined;
  if (unowned === undefined) return [];
  return [
    {
      ...at(where),
      message: `RUN with the cache mount ${unowned.target} runs as user ${user}: BuildKit creates the cache directory owned by root, so the RUN cannot write to it`,
      hint: `give the mount the user's ids (cacheMount('${unowned.target}', { uid: 1000, gid: 1000 }) for the node image's node user), or switch with a numeric USER (nonRootUser() writes one), whose ids dsl gives the mount`,
    },
  ];
}

/** A secret file or SSH socket mount with BuildKit's default owner (root) and mode. */
function isRootOwnedFileMount(mount: Mount): mount is SecretMount | SshMount {
  if (mount.type !== 'secret' && mount.type !== 'ssh') return false;
  // A secret given only as an environment variable is no file.
  if (mount.type === 'secret' && mount.env !== undefined && mount.target === undefined) return false;
  return mount.uid === undefined && mount.mode === undefined;
}
