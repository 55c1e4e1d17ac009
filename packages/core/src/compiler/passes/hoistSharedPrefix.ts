import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { Step } from '../../ir/steps.js';
import { stepKey } from '../stepKey.js';

/**
 * Stages with the same FROM and the same leading steps share one stage holding those steps, so the
 * builder runs them once and the Dockerfile says them once. Recursive: stages that share more
 * than the whole group get a further shared stage. Each target's flattened instruction sequence
 * is unchanged.
 */
export function hoistSharedPrefix(build: ResolvedBuild): ResolvedBuild {
  // The names taken, made when the first group is hoisted: most builds hoist nothing.
  let names: Set<string> | undefined;
  let stages: readonly ResolvedStage[] = build.stages;
  // Every group found in one walk is hoisted in that walk (groups never share a stage); only the
  // members of a hoisted group can form new groups, found by the next walk. One walk per hoisted
  // group instead made 1,000 pairs of stages take 2.3 s (quadratic).
  for (;;) {
    const groups: (readonly ResolvedStage[])[] = [];
    for (const candidate of sameStart(stages)) {
      const group = groupSharingWork(candidate);
      if (group) groups.push(group);
    }
    if (groups.length === 0) break;
    names ??= new Set(build.stages.map((stage) => stage.name));
    stages = hoist(stages, groups, names);
  }
  return stages === build.stages ? build : { ...build, stages };
}

/**
 * The groups of two or more stages with the same FROM and first step, in the order of their first
 * members. Only a FROM that several stages share can start a group, so the step key (the costly
 * part) is computed only for the stages that have one.
 */
function sameStart(stages: readonly ResolvedStage[]): ResolvedStage[][] {
  // Counted by the FROM's own string (an image, or a stage name) before any key is made: in a large
  // build most stages are the only child of their parent, and making and hashing a key string for
  // each of them cost more than the rest of the pass. (Loops, not callbacks: see ir/frozenArrays.ts.)
  const stagesPerFrom = new Map<string, number>();
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index] as ResolvedStage;
    if (stage.steps.length === 0) continue;
    const from = fromName(stage);
    stagesPerFrom.set(from, (stagesPerFrom.get(from) ?? 0) + 1);
  }
  const groups = new Map<string, ResolvedStage[]>();
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index] as ResolvedStage;
    if (stage.steps.length === 0 || (stagesPerFrom.get(fromName(stage)) as number) < 2) continue;
    const key = `${fromKey(stage)}\n${stepKey(stage.steps[0] as Step)}`;
    const group = groups.get(key);
    if (group) group.push(stage);
    else groups.set(key, [stage]);
  }
  return [...groups.values()].filter((group) => group.length >= 2);
}

/**
 * The image or stage name a stage starts from: coarser than fromKey (no platform, and an image and
 * a stage of one name count together), so counting by it only lets more stages on to fromKey.
 */
function fromName(stage: ResolvedStage): string {
  return 'stage' in stage.from ? stage.from.stage : stage.from.image;
}

// A shared stage is worth its lines only when it saves a layer-building step (RUN, COPY, ADD),
// not for a lone shared WORKDIR or ENV.
const BUILDS_LAYER = new Set<Step['kind']>(['run', 'copy', 'add']);

/**
 * The largest subset of `group` (stages with the same FROM and first step) whose common prefix
 * holds a layer-building step: the whole group, or the stages that agree on more steps.
 */
function groupSharingWork(group: readonly ResolvedStage[]): readonly ResolvedStage[] | undefined {
  const length = commonPrefixLength(group);
  const first = group[0] as ResolvedStage;
  if (first.steps.slice(0, length).some((step) => BUILDS_LAYER.has(step.kind))) return group;
  const byNext = new Map<string, ResolvedStage[]>();
  for (const stage of group) {
    const next = stage.steps[length];
    if (next === undefined) continue;
    const key = stepKey(next);
    const subgroup = byNext.get(key);
    if (subgroup) subgroup.push(stage);
    else byNext.set(key, [stage]);
  }
  for (const subgroup of byNext.values()) {
    const found = subgroup.length < 2 ? undefined : groupSharingWork(subgroup);
    if (found) return found;
  }
  return undefined;
}

function commonPrefixLength(group: readonly ResolvedStage[]): number {
  const first = group[0] as ResolvedStage;
  let length = 1;
  while (
    group.every(
      (stage) =>
        stage.steps.length > length && stepKey(stage.steps[length] as Step) === stepKey(first.steps[length] as Step),
    )
  ) {
    length++;
  }
  return length;
}

function fromKey(stage: ResolvedStage): string {
  return `${'stage' in stage.from ? `stage:${stage.from.stage}` : `image:${stage.from.image}`}|${stage.platform ?? ''}`;
}

/** `stages` with each group's common prefix in a new stage that the group's members build on. */
function hoist(
  stages: readonly ResolvedStage[],
  groups: readonly (readonly ResolvedStage[])[],
  names: Set<string>,
): ResolvedStage[] {
  /** A group's first member -> the shared stage, which takes its place in the order. */
  const sharedBefore = new Map<ResolvedStage, ResolvedStage>();
  const members = new Map<ResolvedStage, { readonly shared: string; readonly length: number }>();
  for (const group of groups) {
    const first = group[0] as ResolvedStage;
    const length = commonPrefixLength(group);
    const name = sharedName(
      group.map((stage) => stage.name),
      names,
    );
    names.add(name);
    sharedBefore.set(first, {
      name,
      from: first.from,
      ...(first.platform !== undefined ? { platform: first.platform } : {}),
      steps: first.steps.slice(0, length),
      origin: { fragment: 'hoistSharedPrefix', ...(first.origin.callSite ? { callSite: first.origin.callSite } : {}) },
    });
    for (const stage of group) members.set(stage, { shared: name, length });
  }
  const out: ResolvedStage[] = [];
  for (const stage of stages) {
    const shared = sharedBefore.get(stage);
    if (shared) out.push(shared);
    const member = members.get(stage);
    if (!member) {
      out.push(stage);
      continue;
    }
    const { platform: _platform, ...rest } = stage;
    out.push({ ...rest, from: { stage: member.shared }, steps: stage.steps.slice(member.length) });
  }
  return out;
}

function sharedName(memberNames: readonly string[], taken: ReadonlySet<string>): string {
  const joined = `${memberNames.join('-')}-common`;
  const base = memberNames.length <= 3 && joined.length <= 40 ? joined : 'common';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return name;
}
