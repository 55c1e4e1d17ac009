/**
 * The keys of a zod object schema (classic or mini, any zod 4 copy: both keep the shape in
 * `_zod.def`), or undefined for any other schema (a pipe, a union), whose keys are not known.
 */
export function objectKeys(schema: unknown): string[] | undefined {
  const def = (schema as { _zod?: { def?: { type?: unknown; shape?: unknown } } } | null)?._zod?.def;
  if (def?.type !== 'object' || typeof def.shape !== 'object' || def.shape === null) return undefined;
  return Object.keys(def.shape);
}
