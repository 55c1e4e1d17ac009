import type { ResolvedBuild, ResolvedStage } from '../ir/resolved.js';
import type { Stage } from '../ir/stage.js';
import type { RunStep, Step, UserStep } from '../ir/steps.js';
import { LINT_RULE_IDS, type LintRuleCode } from './ids.js';
import { runCommands, type SimpleCommand } from './shellScript.js';
import type { LintInput, LintProblem, LintRule } from './types.js';

/**
 * Every stage the config made, once each: its `stages` and every stage value seen while it loaded,
 * reached by a target or not (the compiler prunes those it does not emit).
 */
export function madeStages({ config, seenStages }: Pick<LintInput, 'config' | 'seenStages'>): Stage[] {
  return [...new Set([...(config.stages ?? []), ...(seenStages ?? [])])];
}

/** Declares a rule; its name comes from the shared id table so both stay in step. */
export function defineRule(rule: Omit<LintRule, 'name'> & { readonly id: LintRuleCode }): LintRule {
  return Object.freeze({ ...rule, name: LINT_RULE_IDS[rule.id] });
}

export interface StepAt {
  readonly step: Step;
  readonly stage: ResolvedStage;
  /** 1-based. */
  readonly index: number;
}

export function allSteps(build: ResolvedBuild): StepAt[] {
  return build.stages.flatMap((stage) => stage.steps.map((step, i) => ({ step, stage, index: i + 1 })));
}

/** Where a finding about a step points: the config line, the stage, the step, the fragment. */
export function at({ step, stage, index }: StepAt): Pick<LintProblem, 'callSite' | 'stage' | 'step' | 'fragment'> {
  return {
    ...(step.origin.callSite ? { callSite: step.origin.callSite } : {}),
    stage: stage.name,
    step: index,
    fragment: step.origin.fragment,
  };
}

export function atStage(stage: ResolvedStage): Pick<LintProblem, 'callSite' | 'stage' | 'fragment'> {
  return {
    ...(stage.origin.callSite ? { callSite: stage.origin.callSite } : {}),
    stage: stage.name,
    fragment: 'stage',
  };
}

/**
 * Whether the config line that made the step is the step factory itself (`run('...')` written in
 * the config, not a fragment or a helper of the user's): only then can `--fix` edit its text.
 */
export function writtenAt(step: Step, factory: string): boolean {
  return step.origin.fragment === factory && step.origin.chain === undefined && step.origin.callSite !== undefined;
}

export interface RunAt extends StepAt {
  readonly step: RunStep;
  readonly commands: readonly SimpleCommand[];
}

// A dozen rules read every RUN of one build: listed once per build.
const runsOf = new WeakMap<ResolvedBuild, readonly RunAt[]>();

export function allRuns(build: ResolvedBuild): readonly RunAt[] {
  let runs = runsOf.get(build);
  if (runs === undefined) {
    runs = Object.freeze(
      allSteps(build).flatMap((entry) =>
        entry.step.kind === 'run' ? [{ ...entry, step: entry.step, commands: runCommands(entry.step) }] : [],
      ),
    );
    runsOf.set(build, runs);
  }
  return runs;
}

/** The stage and its ancestors, root first, following `FROM <stage>`. */
export function stageChain(build: ResolvedBuild, name: string): ResolvedStage[] {
  const byName = new Map(build.stages.map((stage) => [stage.name, stage]));
  const chain: ResolvedStage[] = [];
  const seen = new Set<string>();
  for (let stage = byName.get(name); stage && !seen.has(stage.name); ) {
    seen.add(stage.name);
    chain.unshift(stage);
    stage = 'stage' in stage.from ? byName.get(stage.from.stage) : undefined;
  }
  return chain;
}

/** The stage a plain `docker build` builds. */
export function defaultStage(build: ResolvedBuild): ResolvedStage | undefined {
  return build.stages.find((stage) => stage.name === build.defaultTarget) ?? build.stages.at(-1);
}

/** Whether a USER value is root (`root`, `0`, with any group). */
export function isRootUser(user: string): boolean {
  return /^(root|0)(:.*)?$/.test(user);
}

/** The last USER step of `stages` (a stage chain, root first), or undefined when none sets one. */
export function lastUser(stages: readonly ResolvedStage[]): (StepAt & { readonly step: UserStep }) | undefined {
  let last: (StepAt & { readonly step: UserStep }) | undefined;
  for (const stage of stages) {
    stage.steps.forEach((step, i) => {
      if (step.kind === 'user') last = { step, stage, index: i + 1 };
    });
  }
  return last;
}
