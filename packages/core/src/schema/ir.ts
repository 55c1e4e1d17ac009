/**
 * Zod schemas for the IR's shape. The compiler validates every step with them, so IR built by hand,
 * by plain JavaScript or by another package's copy of the core is checked with precise paths.
 * Each is a function (`lazy`) that builds the schema on first use and returns that same instance
 * after, so importing the core builds none, and the JSON Schema's named parts (irJsonSchema) stay
 * shared instances.
 */
import * as z from 'zod';
import { SYNTAX_LEVELS } from '../ir/config.js';
import { PHASES } from '../ir/phase.js';
import { LINT_RULE_IDS, lintRuleCode, SECRET_RULE } from '../lint/ids.js';
import { lazy } from './lazy.js';
import { dockerignoreSchema, imagesSchema } from './outputs.js';

const callSite = lazy(() => z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }));
export const originSchema = lazy(() =>
  z.object({
    fragment: z.string(),
    callSite: callSite().optional(),
    chain: z.array(z.string()).optional(),
  }),
);

const text = lazy(() => z.union([z.string(), z.object({ kind: z.literal('expand'), text: z.string() })]));
/** A stage value, checked shallowly here (stages are validated on their own). */
const stageRef = lazy(() =>
  z.custom<{ kind: 'stage'; name: string }>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      (value as { kind?: unknown }).kind === 'stage' &&
      typeof (value as { name?: unknown }).name === 'string',
    { message: 'expected a stage value returned by stage()' },
  ),
);
const stageOrImage = lazy(() => z.union([z.string().min(1), stageRef()]));

const base = lazy(() => ({
  origin: originSchema(),
  phase: z.enum(PHASES).optional(),
  reads: z.array(z.string()).optional(),
  writes: z.array(z.string()).optional(),
  needs: z.array(z.string()).optional(),
  independent: z.boolean().optional(),
  merge: z
    .object({ strategy: z.enum(['apt', 'apk']), packages: z.array(z.string()), cacheMounts: z.boolean() })
    .optional(),
  trace: z
    .object({
      writtenAt: z.number().int(),
      moved: z.string().optional(),
      mergedFrom: z.array(originSchema()).optional(),
    })
    .optional(),
}));

const uintOpt = lazy(() => z.number().int().nonnegative().optional());
export const mountSchema = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('cache'),
      target: z.string().min(1),
      id: z.string().optional(),
      sharing: z.enum(['shared', 'private', 'locked']).optional(),
      readonly: z.boolean().optional(),
      from: stageOrImage().optional(),
      source: z.string().optional(),
      mode: z.string().optional(),
      uid: uintOpt(),
      gid: uintOpt(),
    }),
    z.object({
      type: z.literal('secret'),
      id: z.string().min(1),
      target: z.string().optional(),
      env: z.string().optional(),
      required: z.boolean().optional(),
      mode: z.string().optional(),
      uid: uintOpt(),
      gid: uintOpt(),
    }),
    z.object({
      type: z.literal('ssh'),
      id: z.string().optional(),
      target: z.string().optional(),
      required: z.boolean().optional(),
      mode: z.string().optional(),
      uid: uintOpt(),
      gid: uintOpt(),
    }),
    z.object({
      type: z.literal('bind'),
      target: z.string().min(1),
      source: z.string().optional(),
      from: stageOrImage().optional(),
      rw: z.boolean().optional(),
    }),
    z.object({ type: z.literal('tmpfs'), target: z.string().min(1), size: uintOpt() }),
  ]),
);

const shellForm = lazy(() => z.object({ form: z.literal('shell'), commands: z.array(z.string()).min(1) }));
const execForm = lazy(() => z.object({ form: z.literal('exec'), argv: z.array(z.string()).min(1) }));
const heredocForm = lazy(() => z.object({ form: z.literal('heredoc'), script: z.string() }));
const commandForm = lazy(() => z.discriminatedUnion('form', [shellForm(), execForm()]));
/** CMD and ENTRYPOINT: `[]` clears what the base image set. */
const commandFormOrEmpty = lazy(() =>
  z.discriminatedUnion('form', [shellForm(), z.object({ form: z.literal('exec'), argv: z.array(z.string()) })]),
);

const stepSchemas = lazy(
  () =>
    [
      z.object({
        kind: z.literal('run'),
        ...base(),
        command: z.discriminatedUnion('form', [shellForm(), execForm(), heredocForm()]),
        mounts: z.array(mountSchema()),
        network: z.enum(['default', 'none', 'host']).optional(),
      }),
      z.object({
        kind: z.literal('copy'),
        ...base(),
        sources: z.array(z.string()).min(1),
        dest: z.string().min(1),
        from: stageOrImage().optional(),
        chown: z.string().optional(),
        chmod: z.string().optional(),
        link: z.boolean().optional(),
        exclude: z.array(z.string()).optional(),
        parents: z.boolean().optional(),
        gate: z.boolean().optional(),
      }),
      z.object({
        kind: z.literal('add'),
        ...base(),
        sources: z.array(z.string()).min(1),
        dest: z.string().min(1),
        chown: z.string().optional(),
        chmod: z.string().optional(),
        checksum: z.string().optional(),
        link: z.boolean().optional(),
      }),
      z.object({ kind: z.literal('env'), ...base(), vars: z.array(z.tuple([z.string(), text()])).min(1) }),
      z.object({ kind: z.literal('arg'), ...base(), name: z.string(), default: text().optional() }),
      z.object({ kind: z.literal('workdir'), ...base(), path: text() }),
      z.object({ kind: z.literal('user'), ...base(), user: text(), group: text().optional() }),
      z.object({ kind: z.literal('expose'), ...base(), ports: z.array(z.string()).min(1) }),
      z.object({ kind: z.literal('label'), ...base(), labels: z.array(z.tuple([z.string(), text()])).min(1) }),
      z.object({ kind: z.literal('cmd'), ...base(), command: commandFormOrEmpty() }),
      z.object({ kind: z.literal('entrypoint'), ...base(), command: commandFormOrEmpty() }),
      z.object({
        kind: z.literal('healthcheck'),
        ...base(),
        check: z
          .object({
            command: commandForm(),
            interval: z.string().optional(),
            timeout: z.string().optional(),
            startPeriod: z.string().optional(),
            startInterval: z.string().optional(),
            retries: z.number().int().nonnegative().optional(),
          })
          .optional(),
      }),
      z.object({ kind: z.literal('shell'), ...base(), argv: z.array(z.string()).min(1) }),
      z.object({ kind: z.literal('volume'), ...base(), paths: z.array(z.string()).min(1) }),
      z.object({ kind: z.literal('stopsignal'), ...base(), signal: z.string() }),
      z.object({ kind: z.literal('comment'), ...base(), text: z.string() }),
    ] as const,
);

const onbuildSchema = lazy(() =>
  z.object({
    kind: z.literal('onbuild'),
    ...base(),
    step: z.discriminatedUnion('kind', [...stepSchemas()]),
  }),
);

export const stepSchema = lazy(() => z.discriminatedUnion('kind', [...stepSchemas(), onbuildSchema()]));

export const STAGE_NAME = /^[a-z][a-z0-9._-]*$/;

export const stageShapeSchema = lazy(() =>
  z.object({
    kind: z.literal('stage'),
    name: z.string(),
    from: stageOrImage(),
    platform: z.string().optional(),
    items: z.array(z.unknown()),
    origin: originSchema(),
  }),
);

export const configSchema = lazy(() =>
  z.object({
    targets: z.array(stageRef()).min(1, 'declare at least one target stage'),
    defaultTarget: stageRef().optional(),
    stages: z.array(stageRef()).optional(),
    args: z.array(z.unknown()).optional(),
    syntax: z.enum(SYNTAX_LEVELS).optional(),
    optimize: z
      .object({
        orderForCache: z.boolean().optional(),
        mergeRuns: z.boolean().optional(),
        hoistSharedPrefix: z.boolean().optional(),
      })
      .strict()
      .optional(),
    plugins: z
      .array(
        z.object({
          name: z.string().min(1),
          enforce: z.enum(['pre', 'post']).optional(),
          run: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'expected a function'),
        }),
      )
      .optional(),
    lint: z
      .strictObject({
        rules: z
          .record(z.string(), z.enum(['off', 'warn', 'error']))
          .superRefine((rules, ctx) => {
            for (const [key, severity] of Object.entries(rules)) {
              const code = lintRuleCode(key);
              if (code === undefined) {
                ctx.addIssue({
                  code: 'custom',
                  path: [key],
                  message: `unknown lint rule "${key}" (rules: ${Object.entries(LINT_RULE_IDS)
                    .map(([id, name]) => `${id} ${name}`)
                    .join(', ')})`,
                });
              } else if (code === SECRET_RULE && severity !== 'error') {
                ctx.addIssue({
                  code: 'custom',
                  path: [key],
                  message: `${SECRET_RULE} is always an error; list names that hold no secret in lint.allowSecretNames`,
                });
              }
            }
          })
          .optional(),
        allowSecretNames: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an ENV/ARG name')).optional(),
      })
      .optional(),
    dockerignore: dockerignoreSchema().optional(),
    images: imagesSchema().optional(),
  }),
);
