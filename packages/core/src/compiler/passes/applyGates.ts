import { gateMarkerSource } from '../../api/gate.js';
import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import { isStage } from '../../ir/stage.js';
import type { RunStep, Step } from '../../ir/steps.js';
import { GATE_COPY, stepFeatures } from '../stepFeatures.js';

/**
 * Makes every stage that a `gate()` copies from write its marker file after its last step, so the
 * marker exists only when the stage (its tests) succeeded.
 */
export function applyGates(build: ResolvedBuild): ResolvedBuild {
  const gated = new Set<string>();
  for (let stageIndex = 0; stageIndex < build.stages.length; stageIndex++) {
    const stage = build.stages[stageIndex] as ResolvedStage;
    if ((stepFeatures(stage.steps) & GATE_COPY) === 0) continue;
    // Indexed: the steps may be the frozen IR array (see ir/frozenArrays.ts).
    for (let index = 0; index < stage.steps.length; index++) {
      const step = stage.steps[index] as Step;
      if (step.kind === 'copy' && step.gate && isStage(step.from)) gated.add(step.from.name);
    }
  }
  if (gated.size === 0) return build;
  return { ...build, stages: build.stages.map((stage) => (gated.has(stage.name) ? withMarker(stage) : stage)) };
}

function withMarker(stage: ResolvedStage): ResolvedStage {
  const marker: RunStep = Object.freeze({
    kind: 'run',
    origin: Object.freeze({ fragment: 'gate' }),
    command: Object.freeze({
      form: 'shell',
      commands: Object.freeze([`touch ${gateMarkerSource(stage.name)}`]),
    }),
    mounts: Object.freeze([]),
  }) as RunStep;
  return { ...stage, steps: [...stage.steps, marker] };
}
