import { DslError } from '../errors.js';
import { captureCallSite } from '../ir/callSite.js';
import { deepFreeze } from '../ir/freeze.js';
import type { FragmentNode, StageItem } from '../ir/stage.js';
import { STEP_KINDS, type Step } from '../ir/steps.js';
import { CORE_MAJOR } from '../version.js';

/**
 * What a fragment returns: a step, a named group, a list of fragments, or a falsy value so that
 * `cond && fragment()` composes.
 */
export type Fragment = Step | FragmentNode | readonly Fragment[] | false | null | undefined | 0 | '';

const KINDS = new Set<string>([...STEP_KINDS, 'fragment']);

/** Flattens nested arrays and drops falsy entries; named groups are kept for diagnostics. */
export function normalizeFragments(fragments: readonly Fragment[], where: string): StageItem[] {
  const items: StageItem[] = [];
  const visit = (fragment: Fragment, path: string): void => {
    if (!fragment) return;
    if (Array.isArray(fragment)) {
      (fragment as readonly Fragment[]).forEach((child, index) => {
        visit(child, `${path}[${index}]`);
      });
      return;
    }
    const kind = (fragment as { kind?: unknown }).kind;
    if (typeof fragment !== 'object' || typeof kind !== 'string' || !KINDS.has(kind)) {
      throw new DslError(
        `${where}: ${path} is not a step or fragment (got ${describe(fragment)})`,
        { path },
        kind === 'stage'
          ? 'a stage is not a step: reference it with copy(..., { from: stage }) or stage(..., { from: stage })'
          : 'fragments return steps (run(), copy(), ...), arrays of them, or a falsy value to skip',
      );
    }
    items.push(fragment as StageItem);
  };
  fragments.forEach((fragment, index) => {
    visit(fragment, `[${index}]`);
  });
  return items;
}

/**
 * Groups steps under a fragment name, recording the call site of the fragment's caller. Built-in
 * and library fragments use it so errors and `--explain` name `pipInstall` and the config line.
 */
export function fragment(name: string, ...fragments: Fragment[]): FragmentNode {
  const callSite = captureCallSite();
  return deepFreeze({
    kind: 'fragment',
    name,
    coreMajor: CORE_MAJOR,
    origin: callSite ? { fragment: name, callSite } : { fragment: name },
    items: normalizeFragments(fragments, `fragment ${name}()`),
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function: did you forget to call it?';
  if (typeof value === 'object')
    return `an object with keys ${
      Object.keys(value as object)
        .slice(0, 5)
        .join(', ') || '(none)'
    }`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
