import { gateMarkerSource } from '../../api/gate.js';
import { DslError } from '../../errors.js';
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
  for (const name of gated) assertHasShell(build, name);
  return { ...build, stages: build.stages.map((stage) => (gated.has(stage.name) ? withMarker(stage) : stage)) };
}

/**
 * The marker is written by a RUN: a stage built on `scratch` (directly or through its parents) has
 * no shell, and the Dockerfile would fail at the marker, far from the gate() that asked for it.
 */
function assertHasShell(build: ResolvedBuild, name: string): void {
  const byName = new Map(build.stages.map((stage) => [stage.name, stage]));
  const seen = new Set<string>();
  let stage = byName.get(name);
  while (stage !== undefined && !seen.has(stage.name)) {
    seen.add(stage.name);
    if ('image' in stage.from) {
      if (stage.from.image !== 'scratch') return;
      throw new DslError(
        `gate(${name}): stage "${name}" is built on scratch, which has no shell to write the gate's marker file`,
        { stage: name, callSite: byName.get(name)?.origin.callSite },
        `gate a stage with a shell that copies ${name}'s result (copyArtifacts(${name}, [...], ...)) instead`,
      );
    }
    stage = byName.get(stage.from.stage);
  }
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
