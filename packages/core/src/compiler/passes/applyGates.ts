import { gateMarkerSource } from '../../api/gate.js';
import { DslError } from '../../errors.js';
import type { CallSite } from '../../ir/origin.js';
import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import { isStage, type Stage } from '../../ir/stage.js';
import type { CopyStep, RunStep, Step } from '../../ir/steps.js';
import type { PassContext } from '../pass.js';
import { GATE_COPY, stepFeatures } from '../stepFeatures.js';

/**
 * Makes every stage that a `gate()` copies from write its marker file after its last step, so the
 * marker exists only when the stage (its tests) succeeded, and moves each gate's COPY to the end of
 * the stage using it, so a rerun of the gated stage invalidates none of that stage's other layers
 * (orderForCache then keeps it last: it is of the last phase, and written last).
 */
export function applyGates(build: ResolvedBuild, context: PassContext = {}): ResolvedBuild {
  /** Gated stage name -> where the first gate() of it was called (its marker RUN's origin). */
  const gated = new Map<string, CallSite | undefined>();
  /** Stage name -> the stages its own gate COPYs copy from. */
  const gating = new Map<string, Set<string>>();
  for (let stageIndex = 0; stageIndex < build.stages.length; stageIndex++) {
    const stage = build.stages[stageIndex] as ResolvedStage;
    if ((stepFeatures(stage.steps) & GATE_COPY) === 0) continue;
    // Indexed: the steps may be the frozen IR array (see ir/frozenArrays.ts).
    for (let index = 0; index < stage.steps.length; index++) {
      const step = stage.steps[index] as Step;
      if (isGateCopy(step)) {
        const from = (step.from as Stage).name;
        if (!gated.has(from)) gated.set(from, step.origin.callSite);
        gating.set(stage.name, (gating.get(stage.name) ?? new Set()).add(from));
      }
    }
  }
  if (gated.size === 0) return build;
  for (const name of gated.keys()) assertHasShell(build, name);
  const explain = context.explain === true;
  const byName = new Map(build.stages.map((stage) => [stage.name, stage]));
  return {
    ...build,
    stages: build.stages.map((stage) => {
      const gatesMoved = gating.has(stage.name)
        ? withGatesLast(stage, inheritedGates(stage, byName, gating), explain)
        : stage;
      return gated.has(stage.name) ? withMarker(gatesMoved, gated.get(stage.name)) : gatesMoved;
    }),
  };
}

function isGateCopy(step: Step): step is CopyStep {
  return step.kind === 'copy' && step.gate === true && isStage(step.from);
}

/**
 * The stages whose markers `stage` already holds: those its parents (in the build) gate. A gate of
 * one of them in `stage` would copy the same file again.
 */
function inheritedGates(
  stage: ResolvedStage,
  byName: ReadonlyMap<string, ResolvedStage>,
  gating: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const inherited = new Set<string>();
  let parent = 'stage' in stage.from ? byName.get(stage.from.stage) : undefined;
  while (parent !== undefined) {
    for (const name of gating.get(parent.name) ?? []) inherited.add(name);
    parent = 'stage' in parent.from ? byName.get(parent.from.stage) : undefined;
  }
  return inherited;
}

/**
 * The stage with its gate COPYs (and the comments written right before each) at the end, each
 * gated stage's once: a repeated gate, or one a parent stage has, is dropped.
 */
function withGatesLast(stage: ResolvedStage, alreadyGated: Set<string>, explain: boolean): ResolvedStage {
  const rest: Step[] = [];
  const gates: Step[] = [];
  for (let index = 0; index < stage.steps.length; index++) {
    const step = stage.steps[index] as Step;
    if (!isGateCopy(step)) {
      rest.push(step);
      continue;
    }
    const from = (step.from as Stage).name;
    if (alreadyGated.has(from)) continue;
    alreadyGated.add(from);
    let comments = 0;
    while (comments < rest.length && (rest[rest.length - 1 - comments] as Step).kind === 'comment') comments++;
    gates.push(...rest.splice(rest.length - comments, comments));
    const movesPast = stage.steps.slice(index + 1).some((later) => !isGateCopy(later) && later.kind !== 'comment');
    gates.push(
      explain && movesPast
        ? Object.freeze({
            ...step,
            trace: Object.freeze({
              writtenAt: step.trace?.writtenAt ?? index + 1,
              moved: `moved down from step ${index + 1}: a gate goes last, so a rerun of stage "${(step.from as Stage).name}" invalidates no other layer`,
            }),
          })
        : step,
    );
  }
  return { ...stage, steps: [...rest, ...gates] };
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

function withMarker(stage: ResolvedStage, gateSite: CallSite | undefined): ResolvedStage {
  const marker: RunStep = Object.freeze({
    kind: 'run',
    origin: Object.freeze({ fragment: 'gate', ...(gateSite ? { callSite: gateSite } : {}) }),
    command: Object.freeze({
      form: 'shell',
      commands: Object.freeze([`touch ${gateMarkerSource(stage.name)}`]),
    }),
    mounts: Object.freeze([]),
  }) as RunStep;
  return { ...stage, steps: [...stage.steps, marker] };
}
