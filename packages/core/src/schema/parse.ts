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
  const issues = unknownKeysFirst(result.error.issues);
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
