import { frozenSome } from '../ir/frozenArrays.js';
import { phaseRank } from '../ir/phase.js';
import type { Step } from '../ir/steps.js';
import { rawText, type Text } from '../ir/text.js';

/** Steps that change the environment later steps run in. */
const ENVIRONMENT_KINDS = new Set<Step['kind']>(['workdir', 'user', 'env', 'arg', 'shell']);

export function changesEnvironment(step: Step): boolean {
  return ENVIRONMENT_KINDS.has(step.kind);
}

/** A step without a phase keeps its position relative to every step that may depend on it. */
export function isAnchored(step: Step): boolean {
  return step.phase === undefined;
}

/**
 * A step's own sort key: its phase's rank. A step without a phase has no preference of its own:
 * it ranks just before metadata, and is pulled earlier only by the steps that must follow it (see
 * orderSteps), so it stays next to what it was written with instead of floating to the top.
 */
export function rankOf(step: Step): number {
  return step.phase === undefined ? ANCHORED_RANK : phaseRank(step.phase);
}

export const ANCHORED_RANK = phaseRank('metadata') - 0.5;

/** Steps that read or change the image's files. */
const FILE_KINDS = new Set<Step['kind']>(['run', 'copy', 'add']);

function touchesFiles(step: Step): boolean {
  return FILE_KINDS.has(step.kind);
}

/**
 * True when two phased steps that both work on the image's files would keep their written order by
 * phase alone. Such a pair is a constraint: a step pulled above its own phase (see orderSteps) may
 * not pass the other, since it may use what the other wrote (`npm ci` after the COPY of
 * package.json, neither declaring its files). The pull takes the earlier step along instead.
 * Without a pull the pair keeps its order anyway, so the rule changes nothing else.
 */
function keepsFileOrder(earlier: Step, later: Step): boolean {
  return touchesFiles(earlier) && touchesFiles(later) && rankOf(earlier) <= rankOf(later);
}

function overlaps(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return false;
  return a.some((x) =>
    b.some((y) => x === y || x.startsWith(`${y.replace(/\/$/, '')}/`) || y.startsWith(`${x.replace(/\/$/, '')}/`)),
  );
}

/** True when the image paths one step writes are read or written by the other. */
export function conflicts(a: Step, b: Step): boolean {
  return overlaps(a.writes, b.needs) || overlaps(a.needs, b.writes) || overlaps(a.writes, b.writes);
}

const usesVariables = (values: readonly (string | undefined)[]) => values.some((value) => value?.includes('$'));

/**
 * Whether `step` may behave differently depending on an environment step of kind `environment`
 * before it. COPY and ADD create files as root whatever USER says and see ENV/ARG only through `$`
 * in their arguments; RUN sees everything; shell-form CMD/ENTRYPOINT/HEALTHCHECK see only SHELL.
 */
export function dependsOnEnvironment(step: Step, environment: Step['kind']): boolean {
  switch (step.kind) {
    case 'copy':
    case 'add': {
      if (environment === 'workdir') return true;
      if (environment !== 'env' && environment !== 'arg') return false;
      return usesVariables([...step.sources, step.dest, step.chown, step.chmod]);
    }
    case 'cmd':
    case 'entrypoint':
      return environment === 'shell' && step.command.form === 'shell';
    case 'healthcheck':
      return environment === 'shell' && step.check?.command.form === 'shell';
    case 'expose':
    case 'stopsignal':
      return (
        (environment === 'env' || environment === 'arg') &&
        usesVariables(step.kind === 'expose' ? step.ports : [step.signal])
      );
    case 'label':
      return (
        (environment === 'env' || environment === 'arg') &&
        usesVariables(step.labels.flatMap(([key, value]) => [key, rawText(value)]))
      );
    default:
      return true;
  }
}

/**
 * True when both steps come from one fragment call (flatten gives the steps a call makes itself one
 * origin object) or from one call site of a step factory (a loop). A fragment is written as a
 * sequence: its install needs the manifest it copied just before, whatever pulls either of them
 * elsewhere. The compiler reorders fragments, not the steps inside one.
 */
export function sameCall(a: Step, b: Step): boolean {
  return a.origin === b.origin && a.origin !== undefined;
}

/** The names an ENV or ARG step sets; none for other kinds. */
function variablesSet(step: Step): readonly string[] {
  if (step.kind === 'arg') return [step.name];
  if (step.kind === 'env') return step.vars.map(([name]) => name);
  return [];
}

/**
 * True when `reader` declares it reads none of the variables `setter` (an ENV or ARG) sets, so the
 * two may be swapped: `go mod download` and `ARG TARGETOS`, say.
 */
export function ignoresVariablesOf(reader: Step, setter: Step): boolean {
  const ignored = reader.ignoresVariables;
  if (ignored === undefined) return false;
  const names = variablesSet(setter);
  return names.length > 0 && names.every((name) => ignored.includes(name));
}

/**
 * Why `later` must stay after `earlier` (both in a stage, `earlier` first as written), or
 * undefined when the two may be swapped. The reason feeds `--explain`.
 */
export function orderConstraint(earlier: Step, later: Step): string | undefined {
  if (conflicts(earlier, later)) return 'it uses files the other writes';
  if (sameCall(earlier, later)) return `both come from one ${earlier.origin.fragment}() call, which keeps its order`;
  if (earlier.independent || later.independent) return undefined;
  const earlierSetsEnvironment = changesEnvironment(earlier);
  const laterSetsEnvironment = changesEnvironment(later);
  if (earlierSetsEnvironment && laterSetsEnvironment) return 'environment steps keep their order';
  if (earlierSetsEnvironment) {
    return dependsOnEnvironment(later, earlier.kind) && !ignoresVariablesOf(later, earlier)
      ? `it may depend on the ${earlier.kind.toUpperCase()} before it`
      : undefined;
  }
  if (laterSetsEnvironment) {
    return dependsOnEnvironment(earlier, later.kind) && !ignoresVariablesOf(earlier, later)
      ? `moving it below the ${later.kind.toUpperCase()} could change it`
      : undefined;
  }
  if (isAnchored(earlier) || isAnchored(later)) return 'a step without a phase keeps its place';
  if (keepsFileOrder(earlier, later)) {
    const phases =
      later.phase === earlier.phase
        ? `both are in phase ${later.phase}`
        : `phase ${later.phase} comes after ${earlier.phase}`;
    return `it may use files the ${earlier.kind.toUpperCase()} before it writes, and ${phases}`;
  }
  return undefined;
}

const ENVIRONMENT_BITS: Partial<Record<Step['kind'], number>> = { workdir: 1, user: 2, env: 4, arg: 8, shell: 16 };

/** The facts `orderConstraint` looks at, precomputed once per step for the pass's inner loop. */
export interface StepClass {
  readonly step: Step;
  readonly independent: boolean;
  readonly anchored: boolean;
  readonly hasFiles: boolean;
  /** The step's own environment bit (0 when it changes no environment). */
  readonly environment: number;
  /** Bits of the environment kinds the step may depend on. */
  readonly dependsOn: number;
  /** The step declares variables it does not read (see ignoresVariablesOf). */
  readonly ignoresVariables: boolean;
  /** A RUN, COPY or ADD (see keepsFileOrder). */
  readonly touchesFiles: boolean;
  readonly rank: number;
}

export function classify(step: Step): StepClass {
  return {
    step,
    independent: step.independent === true,
    anchored: step.phase === undefined,
    hasFiles: step.writes !== undefined || step.needs !== undefined,
    environment: ENVIRONMENT_BITS[step.kind] ?? 0,
    dependsOn: dependencyMask(step),
    ignoresVariables: step.ignoresVariables !== undefined,
    touchesFiles: touchesFiles(step),
    rank: rankOf(step),
  };
}

const ALL_ENVIRONMENT = 31;
const VARIABLES = (ENVIRONMENT_BITS.env as number) | (ENVIRONMENT_BITS.arg as number);
const SHELL = ENVIRONMENT_BITS.shell as number;
const hasDollar = (value: string | undefined) => value !== undefined && value.includes('$');

function labelUsesVariables(entry: readonly [key: string, value: Text]): boolean {
  return hasDollar(entry[0]) || hasDollar(rawText(entry[1]));
}

/**
 * `dependsOnEnvironment` for every kind at once, as bits, without allocating (hot path; tested
 * equal). IR arrays are walked with frozenSome and module-level predicates (see ir/frozenArrays.ts).
 */
function dependencyMask(step: Step): number {
  switch (step.kind) {
    case 'copy':
    case 'add': {
      const variables =
        hasDollar(step.dest) || hasDollar(step.chown) || hasDollar(step.chmod) || frozenSome(step.sources, hasDollar);
      return (ENVIRONMENT_BITS.workdir as number) | (variables ? VARIABLES : 0);
    }
    case 'cmd':
    case 'entrypoint':
      return step.command.form === 'shell' ? SHELL : 0;
    case 'healthcheck':
      return step.check?.command.form === 'shell' ? SHELL : 0;
    case 'expose':
      return !step.independent && frozenSome(step.ports, hasDollar) ? VARIABLES : 0;
    case 'stopsignal':
      return !step.independent && hasDollar(step.signal) ? VARIABLES : 0;
    case 'label':
      return !step.independent && frozenSome(step.labels, labelUsesVariables) ? VARIABLES : 0;
    default:
      return ALL_ENVIRONMENT;
  }
}

/** `orderConstraint(a.step, b.step) !== undefined`, on precomputed classes (same rules, tested equal). */
export function isConstrained(a: StepClass, b: StepClass): boolean {
  if ((a.hasFiles || b.hasFiles) && conflicts(a.step, b.step)) return true;
  if (sameCall(a.step, b.step)) return true;
  if (a.independent || b.independent) return false;
  if (a.environment !== 0 && b.environment !== 0) return true;
  if (a.environment !== 0)
    return (b.dependsOn & a.environment) !== 0 && !(b.ignoresVariables && ignoresVariablesOf(b.step, a.step));
  if (b.environment !== 0)
    return (a.dependsOn & b.environment) !== 0 && !(a.ignoresVariables && ignoresVariablesOf(a.step, b.step));
  return a.anchored || b.anchored || (a.touchesFiles && b.touchesFiles && a.rank <= b.rank);
}
