import type { z } from '@dockerdsl/core/zod';
import { importModule } from '../importModule.js';

/** One option of a fragment, as `dsl fragments` shows it. */
export interface OptionSummary {
  readonly name: string;
  /** A TypeScript-like type: `string`, `number`, `"debian" | "alpine"`, `string[]`. */
  readonly type: string;
  /** True when the option may be left out (it is optional or has a default). */
  readonly optional: boolean;
  /** The default value, when the schema declares one. */
  readonly default?: unknown;
  /** From the schema's `.describe()` / `.meta({ description })`. */
  readonly description?: string;
  /** The option may be passed on its own as the first argument. */
  readonly positional?: true;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  default?: unknown;
  description?: string;
};

type SchemaLike = { toJSONSchema?: (params?: object) => unknown };

let zodToJsonSchema: typeof z.toJSONSchema | undefined;

/**
 * Loads zod's `toJSONSchema`, for schemas without a method of their own (zod mini). Awaited by
 * `dsl fragments` before summarising, not imported statically: the single-file CLI would then load
 * zod on every command.
 */
export async function loadJsonSchemaFallback(): Promise<void> {
  zodToJsonSchema ??= (await importModule<typeof import('@dockerdsl/core/zod')>('@dockerdsl/core/zod')).z.toJSONSchema;
}

/**
 * Summarises a fragment's zod options object through JSON Schema (input side: options with a
 * default are optional). Types zod cannot express in JSON Schema (`z.custom`, a stage value) show
 * as `unknown`. Uses the schema's own `toJSONSchema` when it has one, so a schema made by another
 * copy of zod is read by that copy.
 */
export function summarizeOptions(schema: unknown, positional?: string): OptionSummary[] {
  const params = { io: 'input', unrepresentable: 'any' } as const;
  let json: JsonSchema | undefined;
  try {
    const own = (schema as SchemaLike).toJSONSchema;
    json = (typeof own === 'function' ? own.call(schema, params) : zodToJsonSchema?.(schema as z.ZodType, params)) as
      | JsonSchema
      | undefined;
  } catch {
    return [];
  }
  if (json === undefined) return [];
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    type: typeText(property),
    optional: !required.has(name),
    ...(property.default !== undefined ? { default: property.default } : {}),
    ...(property.description !== undefined ? { description: property.description } : {}),
    ...(name === positional ? { positional: true as const } : {}),
  }));
}

/** A JSON Schema as a short TypeScript-like type. */
export function typeText(schema: JsonSchema | boolean | undefined): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum !== undefined) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined) return [...new Set(union.map((member) => typeText(member)))].join(' | ');
  if (schema.allOf !== undefined) return schema.allOf.map((member) => typeText(member)).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type !== undefined ? [schema.type] : [];
  if (types.length === 0) return 'unknown';
  return types.map((type) => singleType(type, schema)).join(' | ');
}

function singleType(type: string, schema: JsonSchema): string {
  switch (type) {
    case 'integer':
      return 'number';
    case 'array': {
      if (schema.prefixItems !== undefined) return `[${schema.prefixItems.map((item) => typeText(item)).join(', ')}]`;
      const item = typeText(Array.isArray(schema.items) ? schema.items[0] : schema.items);
      return /[ |&]/.test(item) ? `(${item})[]` : `${item}[]`;
    }
    case 'object': {
      const entries = Object.entries(schema.properties ?? {});
      if (entries.length === 0) {
        const values = schema.additionalProperties;
        return values === undefined || values === false ? 'object' : `Record<string, ${typeText(values)}>`;
      }
      const required = new Set(schema.required ?? []);
      return `{ ${entries.map(([key, value]) => `${key}${required.has(key) ? '' : '?'}: ${typeText(value)}`).join('; ')} }`;
    }
    default:
      return type;
  }
}
