import { SECRET_NAME, stepFeatures } from '../compiler/stepFeatures.js';
import { DslError } from '../errors.js';
import type { CallSite } from '../ir/origin.js';
import type { ResolvedBuild, ResolvedStage } from '../ir/resolved.js';
import type { EnvStep, Step } from '../ir/steps.js';
import { isSecretLikeName } from './secretLikeName.js';

export interface SecretNameUse {
  readonly name: string;
  readonly instruction: 'ENV' | 'ARG';
  readonly stage?: string;
  readonly step?: number;
  readonly fragment?: string;
  readonly callSite?: CallSite;
}

/** ENV and ARG names in the build that look like secrets and are not in `allow`. */
export function findSecretNames(build: ResolvedBuild, allow: readonly string[] = []): SecretNameUse[] {
  const search: Search = { allowed: new Set(allow), found: [] };
  // Indexed loops and module-level functions, no callbacks: see ir/frozenArrays.ts.
  for (let index = 0; index < build.args.length; index++) {
    checkStep(build.args[index] as Step, build.args[index] as Step, undefined, index + 1, search);
  }
  for (let stageIndex = 0; stageIndex < build.stages.length; stageIndex++) {
    const stage = build.stages[stageIndex] as ResolvedStage;
    // A stage without a secret-like name to report need not be read (see compiler/stepFeatures.ts).
    if ((stepFeatures(stage.steps) & SECRET_NAME) === 0) continue;
    for (let index = 0; index < stage.steps.length; index++) {
      const step = stage.steps[index] as Step;
      checkStep(step, step, stage.name, index + 1, search);
    }
  }
  return search.found;
}

interface Search {
  readonly allowed: ReadonlySet<string>;
  readonly found: SecretNameUse[];
}

/**
 * Checks the names `declaring` declares (itself, or the step an ONBUILD wraps); `step` is the step
 * of the stage, where they are reported. The record of where is made only for a name reported.
 */
function checkStep(declaring: Step, step: Step, stage: string | undefined, number: number, search: Search): void {
  switch (declaring.kind) {
    case 'env':
      for (let index = 0; index < declaring.vars.length; index++) {
        const name = (declaring.vars[index] as EnvStep['vars'][number])[0];
        checkName(name, 'ENV', step, stage, number, search);
      }
      return;
    case 'arg':
      checkName(declaring.name, 'ARG', step, stage, number, search);
      return;
    case 'onbuild':
      checkStep(declaring.step, step, stage, number, search);
      return;
  }
}

function checkName(
  name: string,
  instruction: 'ENV' | 'ARG',
  step: Step,
  stage: string | undefined,
  number: number,
  search: Search,
): void {
  if (search.allowed.has(name) || !isSecretLikeName(name)) return;
  search.found.push({
    name,
    instruction,
    ...(stage !== undefined ? { stage } : {}),
    step: number,
    fragment: step.origin.fragment,
    ...(step.origin.callSite ? { callSite: step.origin.callSite } : {}),
  });
}

export function secretNameMessage(use: SecretNameUse): string {
  return `${use.instruction} "${use.name}" looks like a secret: ${use.instruction} values are stored in the image${use.instruction === 'ARG' ? "'s history" : ' and its history'}, readable by anyone who can pull it`;
}

export function secretNameHint(use: SecretNameUse): string {
  const id = use.name.toLowerCase();
  return `read it from a build secret instead: secretRun('...', { secrets: ['${id}'] }) mounts it at /run/secrets/${id} for that one RUN (or run('...', { mounts: [secretMount('${id}')] })); build with docker build --secret id=${id},env=${use.name}. If "${use.name}" holds no secret, add it to lint.allowSecretNames in the config`;
}

/** Throws the first secret-like ENV/ARG name as a located DslError (what `compile` does). */
export function assertNoSecretNames(build: ResolvedBuild, allow: readonly string[] = []): void {
  const [first] = findSecretNames(build, allow);
  if (!first) return;
  throw new DslError(
    secretNameMessage(first),
    {
      ...(first.callSite ? { callSite: first.callSite } : {}),
      stage: first.stage ?? '(global ARG)',
      ...(first.step !== undefined ? { step: first.step } : {}),
      ...(first.fragment !== undefined ? { fragment: first.fragment } : {}),
    },
    secretNameHint(first),
  );
}
