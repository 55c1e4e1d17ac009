/** The parts of a zod 4 schema's definition (classic or mini, any copy) that lead to nested schemas. */
interface Definition {
  readonly type?: unknown;
  readonly shape?: Record<string, unknown>;
  readonly element?: unknown;
  readonly valueType?: unknown;
  readonly innerType?: unknown;
  readonly in?: unknown;
}

const definitionOf = (schema: unknown): Definition | undefined =>
  (schema as { _zod?: { def?: Definition } } | null)?._zod?.def;

/** Wrappers that validate the value with the schema they hold (`.optional()`, `.default()`...). */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

function unwrap(schema: unknown): unknown {
  let at = schema;
  for (let def = definitionOf(at); def !== undefined; def = definitionOf(at)) {
    if (typeof def.type === 'string' && WRAPPERS.has(def.type)) at = def.innerType;
    else if (def.type === 'pipe') at = def.in;
    else break;
  }
  return at;
}

/**
 * The schema that validates the value at `path` inside what `schema` validates, through objects,
 * arrays, records and wrappers; undefined where the path leads through anything else (a union).
 * Lets an error about a nested object name its known keys, as the top level's does.
 */
export function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let at = unwrap(schema);
  for (const key of path) {
    const def = definitionOf(at);
    if (def?.type === 'object' && typeof key === 'string' && def.shape !== undefined && Object.hasOwn(def.shape, key))
      at = def.shape[key];
    else if (def?.type === 'array' && typeof key === 'number') at = def.element;
    else if (def?.type === 'record') at = def.valueType;
    else return undefined;
    at = unwrap(at);
  }
  return at;
}
