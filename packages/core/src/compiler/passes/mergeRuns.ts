import { renderInstall } from '../../fragments/installCommands.js';
import { frozenSome } from '../../ir/frozenArrays.js';
import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { MergeSpec, RunStep, Step } from '../../ir/steps.js';
import { MERGEABLE, stepFeatures } from '../stepFeatures.js';

/**
 * Merges adjacent installs that declare themselves mergeable (same strategy, same use of cache
 * mounts) into one RUN with the sorted union of their packages: one `apt-get update`, one layer.
 */
export function mergeRuns(build: ResolvedBuild): ResolvedBuild {
  const stages: ResolvedStage[] = [];
  // Most stages have nothing to merge: keep them as they are. (Loops and module-level functions,
  // no callbacks: see ir/frozenArrays.ts.)
  for (let index = 0; index < build.stages.length; index++) {
    const stage = build.stages[index] as ResolvedStage;
    const mergeable = (stepFeatures(stage.steps) & MERGEABLE) !== 0 && frozenSome(stage.steps, isMergeable);
    stages.push(mergeable ? { ...stage, steps: mergeAdjacent(stage.steps) } : stage);
  }
  return { ...build, stages };
}

function isMergeable(step: Step): boolean {
  return step.merge !== undefined;
}

function mergeKey(step: Step): string | undefined {
  return step.kind === 'run' && step.merge ? `${step.merge.strategy}:${step.merge.cacheMounts}` : undefined;
}

export function mergeAdjacent(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  let group: RunStep[] = [];
  const flush = () => {
    if (group.length === 1) out.push(group[0] as RunStep);
    else if (group.length > 1) out.push(mergeGroup(group));
    group = [];
  };
  for (const step of steps) {
    const key = mergeKey(step);
    if (key === undefined) {
      flush();
      out.push(step);
      continue;
    }
    if (group.length > 0 && mergeKey(group[0] as RunStep) !== key) flush();
    group.push(step as RunStep);
  }
  flush();
  return out;
}

function mergeGroup(group: readonly RunStep[]): RunStep {
  const first = group[0] as RunStep;
  const spec: MergeSpec = {
    strategy: (first.merge as MergeSpec).strategy,
    cacheMounts: (first.merge as MergeSpec).cacheMounts,
    packages: [...new Set(group.flatMap((step) => step.merge?.packages ?? []))].sort(),
  };
  const rendered = renderInstall(spec);
  return Object.freeze({
    ...first,
    command: Object.freeze({ form: 'shell' as const, commands: rendered.commands }),
    mounts: rendered.mounts,
    merge: spec,
    trace: Object.freeze({
      writtenAt: first.trace?.writtenAt ?? 0,
      ...(first.trace?.moved ? { moved: first.trace.moved } : {}),
      mergedFrom: group.map((step) => step.origin),
    }),
  });
}
