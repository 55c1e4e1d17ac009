import { isAbsolute, relative } from 'node:path';
import * as z from 'zod/mini';
import { SYNTAX_LEVELS } from '../ir/config.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import { isStage } from '../ir/stage.js';
import { mountSchema, originSchema, stepSchema } from '../schema/ir.js';
import { lazy } from '../schema/lazy.js';

/** The schema's `$id` (a URN: the schema ships in the repository, docs/ir.schema.json); bump the version when the serialised shape changes incompatibly. */
export const IR_SCHEMA_ID = 'urn:dockerdsl:schema:ir:1';

/** The step kinds' object schemas, and each one's kind. */
function stepOptions() {
  return stepSchema()._zod.def.options;
}
function kindOf(option: ReturnType<typeof stepOptions>[number]): string {
  return option.shape.kind._zod.def.values[0] as string;
}

/** The object schema of one step kind. */
function stepOption(kind: string): ReturnType<typeof stepOptions>[number] {
  const option = stepOptions().find((candidate) => kindOf(candidate) === kind);
  if (!option) throw new Error(`no step schema of kind ${kind}`);
  return option;
}

function stepShape(kind: string): Record<string, unknown> {
  return stepOption(kind).shape as Record<string, unknown>;
}

/**
 * The resolved build as data (`dsl build --print-ir`). Its zod shape reuses the IR's own step
 * schemas, so the JSON Schema generated from it (docs/ir.schema.json) follows every IR change.
 * Built on first use, like the IR schemas.
 */
export const serializedBuildSchema = lazy(() =>
  z.object({
    syntax: z.enum(SYNTAX_LEVELS),
    args: z.array(stepOption('arg') as z.ZodMiniType),
    stages: z.array(
      z.object({
        name: z.string(),
        from: z.union([z.object({ stage: z.string() }), z.object({ image: z.string() })]),
        platform: z.optional(z.string()),
        steps: z.array(stepSchema()),
        origin: originSchema(),
      }),
    ),
    targets: z.array(z.string()),
    defaultTarget: z.string(),
  }),
);

export interface SerializeOptions {
  /** Call-site files are written relative to this directory, so the output does not depend on the machine. */
  readonly relativeTo?: string;
}

/**
 * The resolved build as a JSON-compatible value: every step passed through its schema (unknown
 * properties dropped, properties in the schema's order), stage values as `{ "stage": name }`,
 * call-site files relative to `relativeTo`. Deterministic: the same config gives the same value.
 */
export function serializeBuild(build: ResolvedBuild, options: SerializeOptions = {}): unknown {
  const parsed = serializedBuildSchema().parse(build);
  return JSON.parse(
    JSON.stringify(parsed, function (this: unknown, key, value: unknown) {
      if (isStage(value) && key !== '') return { stage: value.name };
      if (key === 'file' && typeof value === 'string' && options.relativeTo !== undefined && isAbsolute(value)) {
        return relative(options.relativeTo, value) || value;
      }
      return value;
    }),
  );
}

/** `serializeBuild` as two-space-indented JSON text with a final newline. */
export function printIr(build: ResolvedBuild, options: SerializeOptions = {}): string {
  return `${JSON.stringify(serializeBuild(build, options), null, 2)}\n`;
}

/**
 * The JSON Schema (draft 2020-12) of `serializeBuild`'s output, generated from the zod schemas
 * with `z.toJSONSchema`. Stage values, which zod checks with a custom test, become
 * `{ "stage": name }` references. Written to docs/ir.schema.json (a test keeps it current).
 */
export function irJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id?: string; title?: string; description?: string }>();
  registry.add(originSchema(), { id: 'Origin', description: 'Where a step came from: fragment and config line.' });
  registry.add(stepSchema(), { id: 'Step', description: 'One Dockerfile instruction, tagged by kind.' });
  registry.add(mountSchema(), { id: 'Mount', description: 'A RUN --mount.' });
  for (const option of stepOptions()) {
    const kind = kindOf(option);
    registry.add(option, { id: `${kind[0]?.toUpperCase()}${kind.slice(1)}Step`, description: `kind "${kind}"` });
  }
  registry.add(stepShape('onbuild')['step'] as z.ZodMiniType, { id: 'OnbuildInstruction' });
  // The ordering metadata every step shares, named once instead of repeated in each kind.
  const shape = stepShape('run');
  registry.add(shape['phase'] as z.ZodMiniType, { id: 'Phase', description: 'Cache phase (docs/concepts.md).' });
  registry.add(shape['reads'] as z.ZodMiniType, { id: 'Paths' });
  registry.add(shape['merge'] as z.ZodMiniType, { id: 'MergeSpec' });
  registry.add(shape['trace'] as z.ZodMiniType, { id: 'StepTrace', description: 'What the passes did (--explain).' });
  registry.add(stepShape('cmd')['command'] as z.ZodMiniType, { id: 'CommandForm' });
  registry.add(stepShape('workdir')['path'] as z.ZodMiniType, {
    id: 'Text',
    description: 'A literal string, or { kind: "expand" } text the builder expands $VAR in.',
  });
  const generated = z.toJSONSchema(serializedBuildSchema(), {
    target: 'draft-2020-12',
    metadata: registry,
    unrepresentable: 'any',
    reused: 'inline',
    override: (context) => {
      const def = (context.zodSchema as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === 'custom') {
        for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
        Object.assign(context.jsonSchema, { $ref: '#/$defs/StageRef' });
      }
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  const defs = (rest['$defs'] ?? {}) as Record<string, unknown>;
  const stageRefSchema = z.object({ stage: z.string() });
  const stageRef = z.toJSONSchema(stageRefSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  delete stageRef['$schema'];
  return {
    $schema,
    $id: IR_SCHEMA_ID,
    title: 'dsl resolved build (dsl build --print-ir)',
    description:
      'The build after resolution and the compiler passes: global ARGs, stages in Dockerfile order with their steps, the targets and the default target. Generated from the zod schemas of @dockerdsl/core.',
    ...rest,
    $defs: {
      ...defs,
      StageRef: {
        ...stageRef,
        description: 'A reference to another stage of the build (COPY --from, a mount from=), by name.',
      },
    },
  };
}
