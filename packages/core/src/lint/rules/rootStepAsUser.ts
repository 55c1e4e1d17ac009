import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { at, defineRule, isRootUser, lastUser, stageChain } from '../ruleHelpers.js';
import { basename, runCommands, type SimpleCommand } from '../shellScript.js';

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

/** The user a stage starts as: the last USER of the stages it is built on (undefined: the image's). */
function startingUser(build: ResolvedBuild, stage: ResolvedStage): string | undefined {
  const last = lastUser(stageChain(build, stage.name).slice(0, -1));
  return last && rawText(last.step.user);
}

/**
 * DSL003: a RUN of apt-get, apk, useradd... after a USER switch to an unprivileged user fails
 * (permission denied). dsl keeps every step written after a USER after it, so `nonRootUser()`
 * written early pins the installs written after it behind it.
 */
export const rootStepAsUser = defineRule({
  id: 'DSL003',
  description:
    'A RUN that needs root (apt-get, apk, dnf, useradd..., or a cache mount under /root) runs after a USER switch to an unprivileged user.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    build.stages.flatMap((stage) => {
      let user = startingUser(build, stage);
      return stage.steps.flatMap((step: Step, i) => {
        if (step.kind === 'user') user = rawText(step.user);
        if (step.kind !== 'run' || user === undefined || isRootUser(user)) return [];
        const program = runCommands(step)
          .map(rootOnlyProgram)
          .find((found) => found !== undefined);
        const hint =
          "write nonRootUser() (or the user() step) after the steps that need root: dsl keeps steps written after a USER after it; or switch back with user('root') before this step";
        if (program !== undefined) {
          return [
            {
              ...at({ step, stage, index: i + 1 }),
              message: `RUN ${program} runs as user ${user} (a USER before it in stage "${stage.name}" or a stage it is built on): it needs root and fails`,
              hint,
            },
          ];
        }
        // /root is readable by root only: the tool neither reads nor fills the cache, and what it
        // downloads lands in the user's home, in the layer (pip, npm, uv, Poetry, Go, Cargo).
        const underRoot = step.mounts.find((mount) => mount.type === 'cache' && /^\/root(\/|$)/.test(mount.target));
        if (underRoot === undefined || underRoot.type !== 'cache') return [];
        return [
          {
            ...at({ step, stage, index: i + 1 }),
            message: `RUN with the cache mount ${underRoot.target} runs as user ${user}: /root is root's alone, so the cache is never used and downloads go into the layer`,
            hint,
          },
        ];
      });
    }),
});
