/**
 * Option schemas and helpers shared by the built-in fragments. Every value that ends up as a word on
 * a shell command line is checked here, so a bad option fails at the fragment call with its path
 * instead of producing a Dockerfile that runs something else. The schemas are functions (`lazy`): each
 * is built when a fragment that uses it first runs, not when the core is imported.
 */
import * as z from 'zod/mini';
import type { FragmentInfo } from '../api/defineFragment.js';
import { copy } from '../api/steps.js';
import type { Phase } from '../ir/phase.js';
import type { FragmentNode } from '../ir/stage.js';
import type { CopyStep } from '../ir/steps.js';
import { lazy } from '../schema/lazy.js';
import { strictObject } from '../schema/strictObject.js';

export { shellQuote } from './shell.js';

/**
 * A fragment's options object: unknown keys are errors (a misspelled `cacheMount` must not be
 * ignored silently), and the message suggests the option meant and lists the known ones.
 */
export function options<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return strictObject(shape, 'option');
}

/** A string matching `pattern`; the message quotes the bad value and says what was expected. */
export function matching(pattern: RegExp, expected: string) {
  return z.string().check(
    z.minLength(1, `expected ${expected}, got an empty string`),
    z.refine((value) => pattern.test(value), { error: (issue) => `${show(issue.input)} is not ${expected}` }),
  );
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters on purpose
const CONTROL = /[\u0000-\u001f\u007f]/;

/** One word on a command line: no whitespace, quotes, `$`, `;`, `&`, `|`, globs, and no leading `-`. */
export const shellWord = (expected = 'a plain word (letters, digits and _@%+=:,./-, not starting with -)') =>
  matching(/^(?!-)[A-Za-z0-9_@%+=:,./-]+$/, expected);

/** A relative path in the build context that is also used on a command line. */
export const contextFile = lazy(() =>
  matching(
    /^(?![-/])(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_@%+=:,./-]+$/,
    'a relative path in the build context (letters, digits and _@%+=:,./-, no "..", not starting with - or /)',
  ),
);

/** A COPY source in the build context: any characters but control characters; globs allowed. */
export const copySource = lazy(() =>
  z.string().check(
    z.minLength(1, 'the path is empty'),
    z.refine((value) => !CONTROL.test(value), {
      error: (issue) => `${show(issue.input)} contains a control character`,
    }),
    z.refine((value) => !value.startsWith('-'), { error: (issue) => `${show(issue.input)} starts with "-"` }),
  ),
);

/** An absolute path in the image used on a command line. */
export const imagePath = lazy(() =>
  matching(
    /^\/[A-Za-z0-9_@%+=:,./-]*$/,
    'an absolute path in the image (starting with /; letters, digits and _@%+=:,./-)',
  ),
);

/** A COPY destination: absolute, or relative to the WORKDIR. */
export const copyDest = lazy(() =>
  matching(/^(?!-)[A-Za-z0-9_@%+=:,./-]+$/, 'a destination path (letters, digits and _@%+=:,./-, not starting with -)'),
);

/** `--chown` value: `user`, `user:group`, `uid` or `uid:gid`. */
export const chownSpec = lazy(() =>
  matching(/^([a-z_][a-z0-9_-]*|\d+)(:([a-z_][a-z0-9_-]*|\d+))?$/, 'a user, user:group, uid or uid:gid'),
);

/** `--chmod` value: octal. */
export const chmodSpec = lazy(() => matching(/^[0-7]{3,4}$/, 'an octal mode like 0755'));

/** A tool version such as `1.8.3` or `0.5.11` (`latest` is refused: builds must be repeatable). */
export const toolVersion = lazy(() => matching(/^v?\d+(\.\d+){0,3}([-+.][A-Za-z0-9.]+)?$/, 'a version like 1.8.3'));

/** Whether a `--chown` value names a user or group that must exist in the image. */
export function chownNeedsAccounts(chown: string | undefined): boolean {
  return chown !== undefined && !/^\d+(:\d+)?$/.test(chown);
}

/** Files the image's account database lives in; COPY --chown=name reads them. */
export const ACCOUNT_FILES = ['/etc/passwd', '/etc/group'] as const;

/** Checks a list for duplicates, adding an issue at the second occurrence. */
export function noDuplicates(
  values: readonly string[],
  ctx: z.core.$RefinementCtx,
  path: readonly PropertyKey[],
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: [...path, index], message: `"${value}" is listed twice` });
    seen.add(value);
  });
}

/** The directory part of a relative context path, with a trailing slash (`./` for the root). */
function dirOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? './' : `${file.slice(0, slash + 1)}`;
}

/**
 * COPY steps for dependency manifests, keeping each file's relative path (so `-r base.txt` inside
 * `requirements/prod.txt` resolves when both are listed): one COPY per directory, in order of first
 * appearance.
 */
export function copyManifests(files: readonly string[], phase: Phase): CopyStep[] {
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    const dir = dirOf(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  return [...byDir].map(([dir, sources]) => copy(sources, dir, { phase }));
}

/**
 * A defined fragment with a positional option whose options are all optional: lets the first
 * argument be left out too (`copyApp()` as well as `copyApp(['src'])`). Runtime behaviour is
 * defineFragment's own; only the type changes.
 */
export function optionalFirst<
  F extends ((first: never, rest?: never) => FragmentNode) & { readonly fragment: FragmentInfo },
>(
  fragment: F,
): F extends (first: infer First, rest?: infer Rest) => FragmentNode
  ? ((first?: First, rest?: Rest) => FragmentNode) & { readonly fragment: FragmentInfo }
  : never {
  return fragment as never;
}
