import type * as z from 'zod/mini';
import { DslError, type ErrorLocation } from '../errors.js';
import { objectKeys } from './objectKeys.js';
import { schemaAt } from './schemaAt.js';
import { unknownKeysMessage } from './strictObject.js';

/** `stages[2].steps[4].dest` from a zod issue path, under an optional prefix. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * A zod schema, classic or mini (both have `safeParse`): the core's own are mini, a fragment
 * library's may be classic, made by its own copy of zod, which then parses with it.
 */
export type SafeParsable<T> = z.core.$ZodType<T>;

type WithSafeParse<T> = {
  safeParse(value: unknown, params?: z.core.ParseContext<z.core.$ZodIssue>): z.core.util.SafeParseResult<T>;
};

/** Problems listed after the first in one error; the rest are counted. */
const MORE_ISSUES_SHOWN = 4;

/**
 * Parses with a zod schema, turning the issues into a DslError that names the path and the
 * location (call site, stage, fragment) the caller knows. An unknown key comes first (a misspelled
 * option often explains the other problems); further problems follow as `also at` lines, so one
 * run reports them all.
 */
export function parseOrThrow<T>(
  schema: SafeParsable<T>,
  value: unknown,
  location: ErrorLocation,
  what: string,
  pathPrefix = '',
  unknownKeysAs?: string,
): T {
  // jitless: zod would otherwise compile a fast path (new Function) for each object schema on its
  // first parse; a config parses each schema a few times, so compiling costs more than it saves.
  const result = (schema as unknown as WithSafeParse<T>).safeParse(value, { jitless: true });
  if (result.success) return result.data;
  const issues = unknownKeysFirst(result.error.issues).map((found) => unionDetail(found, value));
  const issue = issues[0];
  const issuePath = issue ? pathOf(issue) : [];
  const path = formatPath(issuePath, pathPrefix);
  let message = issue ? messageOf(issue, schema, unknownKeysAs) : 'invalid value';
  const undeclared = isUndeclaredStage(value, issuePath, message);
  if (undeclared)
    message = `${message === 'Invalid input' ? 'expected a stage value or an image name' : message}, got undefined`;
  for (const other of issues.slice(1, 1 + MORE_ISSUES_SHOWN)) {
    const at = formatPath(pathOf(other), pathPrefix);
    message += `\n  also${at ? ` at ${at}` : ''}: ${messageOf(other, schema, unknownKeysAs)}`;
  }
  if (issues.length > 1 + MORE_ISSUES_SHOWN) message += `\n  and ${issues.length - 1 - MORE_ISSUES_SHOWN} more`;
  throw new DslError(
    `invalid ${what}${path ? ` at ${path}` : ''}: ${message}`,
    { ...location, path: path || undefined },
    undeclared ? UNDECLARED_STAGE_HINT : undefined,
  );
}

/**
 * The issue's message; with `unknownKeysAs`, an unknown key of an object (the options, or one
 * nested in them) is said as the core's own schemas say it (naming the known keys): a fragment
 * library's `z.strictObject` gives zod's bare `Unrecognized key: "prot"`.
 */
function messageOf(issue: z.core.$ZodIssue, schema: unknown, unknownKeysAs: string | undefined): string {
  if (unknownKeysAs === undefined || issue.code !== 'unrecognized_keys') return issue.message;
  const known = objectKeys(schemaAt(schema, issue.path));
  return known === undefined ? issue.message : unknownKeysMessage(issue.keys, known, unknownKeysAs);
}

/**
 * zod says only "Invalid input" when no branch of a union matched: `copy(['a', 2], ...)` would be
 * "at sources: Invalid input". The branch that got furthest (the list, at its second item) names
 * the problem, at its own path; a value of none of the branches' types is said as those types.
 */
function unionDetail(issue: z.core.$ZodIssue, value: unknown): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const inner = issue.errors.flat();
  const deepest = inner.reduce<z.core.$ZodIssue | undefined>(
    (best, next) => (next.path.length > (best?.path.length ?? 0) ? next : best),
    undefined,
  );
  if (deepest !== undefined) {
    const at = { ...deepest, path: [...issue.path, ...deepest.path] } as z.core.$ZodIssue;
    return at.code === 'invalid_type'
      ? { ...at, message: typeMessage([at.expected], value, at.path) }
      : unionDetail(at, value);
  }
  const expected = issue.errors.map((branch) =>
    branch.length === 1 && branch[0]?.code === 'invalid_type' ? branch[0].expected : undefined,
  );
  if (expected.length === 0 || expected.some((type) => type === undefined)) return issue;
  return { ...issue, message: typeMessage(expected as string[], value, issue.path) };
}

/** `Invalid input: expected string or array, received number`, as zod words a single type. */
function typeMessage(expected: readonly string[], value: unknown, path: readonly PropertyKey[]): string {
  let at = value;
  for (const key of path)
    at = typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  const received = at === null ? 'null' : Array.isArray(at) ? 'array' : typeof at;
  return `Invalid input: expected ${[...new Set(expected)].join(' or ')}, received ${received}`;
}

function unknownKeysFirst(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return [
    ...issues.filter((issue) => issue.code === 'unrecognized_keys'),
    ...issues.filter((issue) => issue.code !== 'unrecognized_keys'),
  ];
}

/** The issue's path; for one unknown key, the key itself (zod gives the object's path). */
function pathOf(issue: z.core.$ZodIssue): readonly PropertyKey[] {
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) return [...issue.path, issue.keys[0] as string];
  return issue.path;
}

const UNDECLARED_STAGE_HINT =
  'a stage used above the line that declares it is still undefined there: declare each stage before the steps and stages that use it';

/**
 * Whether the issue is an undefined where a stage belongs (`from`, or a message asking for a
 * stage): most often a `const` stage used above its declaration.
 */
function isUndeclaredStage(value: unknown, path: readonly PropertyKey[], message: string): boolean {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at === undefined && (path[path.length - 1] === 'from' || /\bstage\b/.test(message));
}
