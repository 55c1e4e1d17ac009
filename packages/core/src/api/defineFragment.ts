import type { z } from 'zod';
import { captureCallSite } from '../ir/callSite.js';
import { deepFreeze } from '../ir/freeze.js';
import type { CallSite } from '../ir/origin.js';
import type { FragmentNode } from '../ir/stage.js';
import { parseOrThrow } from '../schema/parse.js';
import { type Fragment, normalizeFragments } from './fragment.js';

/** What `build` receives besides its options. */
export interface FragmentContext {
  readonly name: string;
  /** The line of the config that called the fragment, when known. */
  readonly callSite: CallSite | undefined;
}

export interface FragmentDefinition<Schema extends z.ZodObject, Positional extends keyof z.input<Schema> | undefined> {
  /** The name errors, `--explain` and `dsl fragments` show, e.g. `pipInstall`. */
  readonly name: string;
  /** One sentence: what the fragment adds to a stage. */
  readonly description: string;
  /** Options, validated before `build` runs; errors name the option path and the config line. */
  readonly options: Schema;
  /**
   * An option that may be passed as the first argument on its own, so `pipInstall(['flask'])`
   * means `pipInstall({ packages: ['flask'] })`. Other options then go in a second argument.
   */
  readonly positional?: Positional;
  /** A usage example for docs. */
  readonly example?: string;
  /** The npm package that defines the fragment (for `dsl fragments` and version checks). */
  readonly package?: string;
  readonly build: (options: z.output<Schema>, context: FragmentContext) => Fragment;
}

/** Metadata attached to every defined fragment function. */
export interface FragmentInfo {
  readonly name: string;
  readonly description: string;
  readonly options: z.ZodObject;
  readonly positional?: string;
  readonly example?: string;
  readonly package?: string;
}

type Input<Schema extends z.ZodObject> = z.input<Schema>;
type OptionalIfEmpty<T> = Partial<T> extends T ? [options?: T] : [options: T];

export type DefinedFragment<Schema extends z.ZodObject, Positional> = (Positional extends keyof Input<Schema>
  ? (first: Input<Schema>[Positional] | Input<Schema>, rest?: Omit<Input<Schema>, Positional>) => FragmentNode
  : (...args: OptionalIfEmpty<Input<Schema>>) => FragmentNode) & { readonly fragment: FragmentInfo };

/**
 * A typed fragment with validated options, docs metadata and a stable name for diagnostics.
 * The result is a plain function returning a frozen `fragment` node.
 */
export function defineFragment<
  Schema extends z.ZodObject,
  Positional extends keyof z.input<Schema> | undefined = undefined,
>(definition: FragmentDefinition<Schema, Positional>): DefinedFragment<Schema, Positional> {
  const { name, options: schema, positional } = definition;
  const call = (first?: unknown, rest?: unknown): FragmentNode => {
    const callSite = captureCallSite();
    const input =
      positional !== undefined && (Array.isArray(first) || typeof first !== 'object' || first === null)
        ? { ...(rest as object | undefined), [positional]: first }
        : (first ?? {});
    const options = parseOrThrow(schema, input, { callSite, fragment: name }, `options of ${name}()`);
    const items = normalizeFragments(
      [definition.build(options as z.output<Schema>, { name, callSite })],
      `fragment ${name}()`,
    );
    return deepFreeze({
      kind: 'fragment',
      name,
      origin: callSite ? { fragment: name, callSite } : { fragment: name },
      items,
    });
  };
  const info: FragmentInfo = Object.freeze({
    name,
    description: definition.description,
    options: schema,
    ...(positional !== undefined ? { positional: String(positional) } : {}),
    ...(definition.example !== undefined ? { example: definition.example } : {}),
    ...(definition.package !== undefined ? { package: definition.package } : {}),
  });
  return Object.assign(call, { fragment: info }) as unknown as DefinedFragment<Schema, Positional>;
}

export function isDefinedFragment(value: unknown): value is { fragment: FragmentInfo } {
  return typeof value === 'function' && typeof (value as { fragment?: { name?: unknown } }).fragment?.name === 'string';
}
