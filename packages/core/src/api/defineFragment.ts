import type * as classic from 'zod';
import type * as z from 'zod/mini';
import { DslError, isDslError } from '../errors.js';
import { callerFile, captureCallSite, isOwnFile } from '../ir/callSite.js';
import { deepFreeze } from '../ir/freeze.js';
import { type CallSite, formatCallSite } from '../ir/origin.js';
import { packageNameOf } from '../ir/packageName.js';
import type { FragmentNode } from '../ir/stage.js';
import { lazy } from '../schema/lazy.js';
import { parseOrThrow } from '../schema/parse.js';
import { CORE_MAJOR, CORE_PACKAGE } from '../version.js';
import { type Fragment, normalizeFragments } from './fragment.js';
import { whileBuilding } from './fragmentBuilds.js';

/**
 * A fragment's options schema: a zod object, made with classic zod (`@dockerdsl/core/zod`, as
 * libraries do) or with zod/mini (as the built-in fragments are: a mini schema is built several
 * times faster).
 */
export type OptionsSchema = classic.ZodObject | z.ZodMiniObject;

/** What `build` receives besides its options. */
export interface FragmentContext {
  readonly name: string;
  /** The line of the config that called the fragment, when known. */
  readonly callSite: CallSite | undefined;
}

export interface FragmentDefinition<
  Schema extends OptionsSchema,
  Positional extends keyof z.input<Schema> | undefined,
> {
  /** The name errors, `--explain` and `dsl fragments` show, e.g. `pipInstall`. */
  readonly name: string;
  /** One sentence: what the fragment adds to a stage. */
  readonly description: string;
  /**
   * Options, validated before `build` runs; errors name the option path and the config line.
   * Either the schema or a function returning it: the function runs once, on the fragment's first
   * call or first read of `fragment.options`, so a fragment no config uses costs no schema building.
   */
  readonly options: Schema | (() => Schema);
  /**
   * An option that may be passed as the first argument on its own, so `pipInstall(['flask'])`
   * means `pipInstall({ packages: ['flask'] })`. Other options then go in a second argument.
   */
  readonly positional?: Positional;
  /** A usage example for docs. */
  readonly example?: string;
  /**
   * The npm package that defines the fragment, shown in errors, `dsl fragments` and version checks.
   * Default: the `name` of the nearest package.json above the file that calls `defineFragment`
   * (`@dockerdsl/core` for the built-ins). Libraries should set it, so their identity does not
   * depend on how they are installed or bundled.
   */
  readonly package?: string;
  readonly build: (options: z.output<Schema>, context: FragmentContext) => Fragment;
}

/** Metadata attached to every defined fragment function (`myFragment.fragment`). */
export interface FragmentInfo<Schema extends OptionsSchema = OptionsSchema> {
  readonly name: string;
  readonly description: string;
  /** The options schema; when the definition gave a function, it is built on the first read. */
  readonly options: Schema;
  readonly positional?: string;
  readonly example?: string;
  /** The defining package (given, or found from the defining file's package.json). */
  readonly package?: string;
  /** The major version of the `@dockerdsl/core` copy that defined it. */
  readonly coreMajor: number;
}

type Input<Schema extends OptionsSchema> = z.input<Schema>;
type OptionalIfEmpty<T> = Partial<T> extends T ? [options?: T] : [options: T];

export type DefinedFragment<Schema extends OptionsSchema, Positional> = (Positional extends keyof Input<Schema>
  ? (first: Input<Schema>[Positional] | Input<Schema>, rest?: Omit<Input<Schema>, Positional>) => FragmentNode
  : (...args: OptionalIfEmpty<Input<Schema>>) => FragmentNode) & { readonly fragment: FragmentInfo<Schema> };

/**
 * A typed fragment with validated options, docs metadata and a stable name for diagnostics.
 * The result is a plain function returning a frozen `fragment` node.
 */
export function defineFragment<
  Schema extends OptionsSchema,
  Positional extends keyof z.input<Schema> | undefined = undefined,
>(definition: FragmentDefinition<Schema, Positional>): DefinedFragment<Schema, Positional> {
  const { name, positional } = definition;
  const schema = lazy(() => (typeof definition.options === 'function' ? definition.options() : definition.options));
  const pkg = definition.package ?? definingPackage();
  const identity = pkg !== undefined ? { package: pkg } : {};
  const call = (first?: unknown, rest?: unknown): FragmentNode => {
    const callSite = captureCallSite();
    const input =
      positional !== undefined && (Array.isArray(first) || typeof first !== 'object' || first === null)
        ? { ...(rest as object | undefined), [positional]: first }
        : (first ?? {});
    const options = parseOrThrow(
      schema(),
      input,
      { callSite, fragment: name, ...identity },
      `options of ${name}()`,
      '',
      'option',
    );
    let built: Fragment;
    try {
      built = whileBuilding(callSite, () => definition.build(options as z.output<Schema>, { name, callSite }));
    } catch (error) {
      throw relocate(error, name, callSite);
    }
    const items = normalizeFragments([built], `fragment ${name}()`);
    return deepFreeze({
      kind: 'fragment',
      name,
      ...identity,
      coreMajor: CORE_MAJOR,
      origin: callSite ? { fragment: name, callSite } : { fragment: name },
      items,
    });
  };
  const info: FragmentInfo = Object.freeze({
    name,
    description: definition.description,
    get options() {
      return schema();
    },
    ...(positional !== undefined ? { positional: String(positional) } : {}),
    ...(definition.example !== undefined ? { example: definition.example } : {}),
    ...identity,
    coreMajor: CORE_MAJOR,
  });
  return Object.assign(call, { fragment: info }) as unknown as DefinedFragment<Schema, Positional>;
}

/**
 * A DslError raised inside `build` (a nested fragment rejecting a value) points at the library's
 * source; point it at the line that called this fragment instead, and say where it came from.
 */
function relocate(error: unknown, name: string, callSite: CallSite | undefined): unknown {
  if (!isDslError(error) || callSite === undefined) return error;
  const inner = error.location.callSite;
  if (inner === undefined || inner.file === callSite.file) return error;
  const where = `raised inside ${name}() at ${formatCallSite(inner)}`;
  const relocated = new DslError(
    error.message,
    { ...error.location, callSite },
    error.hint ? `${error.hint}\n  (${where})` : where,
  );
  relocated.stack = error.stack ?? relocated.stack;
  return relocated;
}

/** The package of the module calling `defineFragment`: the core itself, or its nearest package.json. */
function definingPackage(): string | undefined {
  const file = callerFile(defineFragment);
  if (file === undefined) return undefined;
  return isOwnFile(file) ? CORE_PACKAGE : packageNameOf(file);
}

/** A function made by `defineFragment` (of any core copy): it carries `.fragment` info. */
export function isDefinedFragment(value: unknown): value is { fragment: FragmentInfo } {
  return typeof value === 'function' && typeof (value as { fragment?: { name?: unknown } }).fragment?.name === 'string';
}
