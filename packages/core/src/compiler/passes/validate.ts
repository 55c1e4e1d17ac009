import { DslError, type ErrorLocation } from '../../errors.js';
import type { Config } from '../../ir/config.js';
import { frozenSome } from '../../ir/frozenArrays.js';
import type { Mount } from '../../ir/mounts.js';
import { packageInNodeModules } from '../../ir/packageName.js';
import { type FragmentNode, isFragmentNode, isStage, type Stage, type StageItem } from '../../ir/stage.js';
import type { Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { isTrusted } from '../../ir/trusted.js';
import { checkImageKeys } from '../../outputs/bake.js';
import { configSchema, STAGE_NAME, stageShapeSchema, stepSchema } from '../../schema/ir.js';
import { parseOrThrow } from '../../schema/parse.js';
import { CORE_MAJOR, CORE_PACKAGE, CORE_VERSION } from '../../version.js';
import { type FlatStage, flattenStage } from '../flatten.js';
import { walkStages } from '../graph.js';
import { sameStage } from '../sameStage.js';
import { NEEDS_VALIDATION } from '../stepFeatures.js';

const RESERVED_STAGE_NAMES = new Set(['scratch', 'context']);
const IMAGE_REF = /^[^\s"'\\]+$/;

/**
 * Checks a config before resolution: its shape (zod, with paths), stage names, references and
 * per-stage rules. Throws the first problem as a DslError that says where and what to do.
 */
export function validate(config: Config): void {
  parseOrThrow(configSchema(), config, {}, 'config');
  const targets = config.targets;
  if (config.defaultTarget && !targets.includes(config.defaultTarget)) {
    throw new DslError(
      `defaultTarget "${config.defaultTarget.name}" is not one of the targets`,
      { stage: config.defaultTarget.name, path: 'defaultTarget' },
      'add it to targets',
    );
  }
  targets.forEach((target, index) => {
    // An equal copy is the same stage (see sameStage), so listed twice too.
    const first = targets.findIndex(
      (other) => other === target || (other.name === target.name && sameStage(other, target)),
    );
    if (first !== index) {
      throw new DslError(`target "${target.name}" is listed twice`, { stage: target.name, path: `targets[${index}]` });
    }
  });
  checkImageKeys(
    config.images,
    targets.map((target) => target.name),
  );

  const { stages, flats, byName, namesUnique } = walkStages([...targets, ...(config.stages ?? [])]);
  // First: IR from an incompatible core would otherwise fail below with confusing shape errors.
  for (let index = 0; index < stages.length; index++)
    checkFragmentNodes(stages[index] as Stage, flats[index] as FlatStage);
  // The walk saw whether two stages share a name; only then is each checked against those before it.
  const named = namesUnique ? undefined : new Map<string, Stage>();
  // Loops, not forEach callbacks, over the stages and their steps: see ir/frozenArrays.ts.
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index] as Stage;
    if (!isTrusted(stage)) parseOrThrow(stageShapeSchema(), stage, stageLocation(stage), `stage "${stage.name}"`);
    if (!STAGE_NAME.test(stage.name)) {
      throw new DslError(
        `stage name "${stage.name}" is invalid`,
        stageLocation(stage),
        `stage names are lower case and match ${STAGE_NAME.source}, e.g. "${suggestName(stage.name)}"`,
      );
    }
    if (RESERVED_STAGE_NAMES.has(stage.name)) {
      throw new DslError(
        `stage name "${stage.name}" is reserved by the builder`,
        stageLocation(stage),
        'choose another name',
      );
    }
    const other = named?.get(stage.name);
    if (other) {
      const first = other.origin.callSite;
      throw new DslError(
        `two different stages are named "${stage.name}"`,
        stageLocation(stage),
        `the other one is declared at ${first ? `${first.file}:${first.line}` : 'an unknown location'}; rename one`,
      );
    }
    named?.set(stage.name, stage);
  }

  for (let index = 0; index < stages.length; index++)
    validateStage(stages[index] as Stage, flats[index] as FlatStage, byName);
}

/**
 * The stage's fragment nodes: their shape (a hand-made one may be anything), and the major version
 * of the core copy that made them (`coreMajor`). A library built against another major may emit
 * steps this compiler reads differently: refuse them, naming the package and both versions. Nodes
 * without a stamp (hand-made IR) are checked by shape only.
 */
function checkFragmentNodes(stage: Stage, flat: FlatStage): void {
  // The stamp is on fragment nodes: a stage without them has nothing to check.
  if (flat.steps === stage.items) return;
  const visit = (item: StageItem, outer: FragmentNode | undefined, path: string): void => {
    if (!isFragmentNode(item)) return;
    checkFragmentShape(item, stage, path);
    const major = (item as { coreMajor?: unknown }).coreMajor;
    if (major !== undefined && major !== CORE_MAJOR) {
      const site = (outer ?? item).origin?.callSite ?? item.origin?.callSite;
      const pkg = fragmentPackage(item);
      const made =
        typeof major === 'number'
          ? `${CORE_PACKAGE} ${major}.x`
          : `a ${CORE_PACKAGE} with coreMajor ${JSON.stringify(major)}`;
      throw new DslError(
        `fragment ${item.name}()${pkg ? ` from ${pkg}` : ''} was made by ${made}, but this compiler is ${CORE_PACKAGE} ${CORE_VERSION}: IR from another major version is not compatible`,
        { callSite: site, stage: stage.name, fragment: item.name, ...(pkg ? { package: pkg } : {}) },
        `align versions: install a version of ${pkg ?? 'the package that provides it'} whose peer dependency accepts ${CORE_PACKAGE}@^${CORE_MAJOR === 0 ? CORE_VERSION : `${CORE_MAJOR}.0.0`}, or the ${CORE_PACKAGE} version it was built for (one copy: "npm ls ${CORE_PACKAGE}" should list a single version)`,
      );
    }
    // Indexed loops, no callbacks: see ir/frozenArrays.ts.
    for (let index = 0; index < item.items.length; index++)
      visit(item.items[index] as StageItem, outer ?? item, `${path}.items[${index}]`);
  };
  if (!Array.isArray(stage.items)) return;
  for (let index = 0; index < stage.items.length; index++)
    visit(stage.items[index] as StageItem, undefined, `stages.${stage.name}.items[${index}]`);
}

/**
 * A hand-made fragment node (plain objects, another tool's output) with the fields flattening
 * reads. Checked by hand, not by a schema: every fragment() call makes a node, and most configs
 * hold nothing else.
 */
function checkFragmentShape(node: FragmentNode, stage: Stage, path: string): void {
  const problem =
    typeof node.name !== 'string'
      ? 'its name is not a string'
      : !Array.isArray(node.items)
        ? 'its items are not a list'
        : typeof node.origin !== 'object' || node.origin === null || typeof node.origin.fragment !== 'string'
          ? 'its origin is not an object naming the fragment'
          : undefined;
  if (problem === undefined) return;
  throw new DslError(
    `malformed fragment node in stage "${stage.name}" at ${path}: ${problem}`,
    { callSite: stage.origin?.callSite, stage: stage.name, path },
    'make fragment nodes with fragment() or defineFragment() from @dockerdsl/core, not by hand',
  );
}

/** The package a fragment node names, or the package its call site lies in (`node_modules/<pkg>/`). */
function fragmentPackage(node: FragmentNode): string | undefined {
  if (typeof node.package === 'string') return node.package;
  const file = node.origin?.callSite?.file;
  return file === undefined ? undefined : packageInNodeModules(file);
}

function validateStage(stage: Stage, flat: FlatStage, byName: ReadonlyMap<string, Stage>): void {
  if (typeof stage.from === 'string') {
    checkImageOrStageName(stage.from, byName, stageLocation(stage), 'from');
  }
  const steps = flat.steps;
  // Steps this core made, with none of the cases below: nothing to find, so no need to read them.
  if ((flat.features & NEEDS_VALIDATION) === 0) return;
  const seen: Partial<Record<'cmd' | 'entrypoint' | 'healthcheck', Step>> = {};
  let hasAbsoluteWorkdir = ancestorHasAbsoluteWorkdir(stage);
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index] as Step;
    if (!isTrusted(step)) {
      parseOrThrow(
        stepSchema(),
        step,
        stepLocation(stage, step, index),
        `step ${index + 1} of stage "${stage.name}"`,
        `stages.${stage.name}.steps[${index}]`,
      );
    }
    if (step.kind === 'cmd' || step.kind === 'entrypoint' || step.kind === 'healthcheck') {
      const previous = seen[step.kind];
      if (previous) {
        const at = previous.origin.callSite;
        throw new DslError(
          `stage "${stage.name}" has more than one ${step.kind.toUpperCase()}; only the last would take effect`,
          stepLocation(stage, step, index),
          `remove one (the other comes from ${previous.origin.fragment}()${at ? ` at ${at.file}:${at.line}` : ''})`,
        );
      }
      seen[step.kind] = step;
    }
    if (step.kind === 'workdir') {
      const path = rawText(step.path);
      if (path.startsWith('/') || path.startsWith('$')) hasAbsoluteWorkdir = true;
      else if (!hasAbsoluteWorkdir) {
        throw new DslError(
          `relative WORKDIR "${path}" before any absolute WORKDIR: it depends on the base image's directory`,
          stepLocation(stage, step, index),
          `use an absolute path such as "/${path}"`,
        );
      }
    }
    const from = step.kind === 'copy' ? step.from : undefined;
    if (typeof from === 'string') checkImageOrStageName(from, byName, stepLocation(stage, step, index), 'from');
    if (step.kind === 'run') {
      for (let mountIndex = 0; mountIndex < step.mounts.length; mountIndex++) {
        const mount = step.mounts[mountIndex] as Mount;
        if ('from' in mount && typeof mount.from === 'string')
          checkImageOrStageName(mount.from, byName, stepLocation(stage, step, index), 'mount from');
      }
    }
  }
}

function isAbsoluteWorkdir(step: Step): boolean {
  return step.kind === 'workdir' && /^[/$]/.test(rawText(step.path));
}

/**
 * Where a stage is, for an error about it: made only then, since reading the stage's origin is a
 * cache miss per stage in a large build, and most stages have no problem.
 */
function stageLocation(stage: Stage): ErrorLocation {
  return { callSite: stage.origin?.callSite, stage: stage.name };
}

/** Where a step is, for an error about it (made only then: most steps have no problem). */
function stepLocation(stage: Stage, step: Step, index: number): ErrorLocation {
  // `?.` on the step too: an unvalidated one may be anything, even null.
  return { callSite: step?.origin?.callSite, stage: stage.name, step: index + 1, fragment: step?.origin?.fragment };
}

function ancestorHasAbsoluteWorkdir(stage: Stage): boolean {
  for (let parent = stage.from; isStage(parent); parent = parent.from) {
    if (frozenSome(flattenStage(parent), isAbsoluteWorkdir)) return true;
  }
  return false;
}

function checkImageOrStageName(
  value: string,
  byName: ReadonlyMap<string, Stage>,
  location: ConstructorParameters<typeof DslError>[1],
  field: string,
): void {
  if (byName.has(value.toLowerCase())) {
    throw new DslError(
      `${field} "${value}" is a string naming the stage "${value.toLowerCase()}"`,
      location,
      'pass the stage value instead of its name, so the reference is checked and the stage is built',
    );
  }
  if (!IMAGE_REF.test(value)) {
    throw new DslError(
      `${field} "${value}" is not a valid image reference (whitespace, quotes or backslash)`,
      location,
    );
  }
}

function suggestName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z]+/, '');
  return cleaned === '' ? 'app' : cleaned;
}
