/**
 * Zod schemas for the IR's shape. The compiler validates every step with them, so IR built by hand,
 * by plain JavaScript or by another package's copy of the core is checked with precise paths.
 * Each is a function (`lazy`) that builds the schema on first use and returns that same instance
 * after, so importing the core builds none, and the JSON Schema's named parts (irJsonSchema) stay
 * shared instances.
 */
import * as z from 'zod/mini';
import { SYNTAX_LEVELS } from '../ir/config.js';
import { PHASES } from '../ir/phase.js';
import { LINT_RULE_IDS, lintRuleCode, SECRET_RULE } from '../lint/ids.js';
import { lazy } from './lazy.js';
import { dockerignoreSchema, imagesSchema } from './outputs.js';
import { strictObject } from './strictObject.js';

const callSite = lazy(() =>
  z.object({ file: z.string(), line: z.number().check(z.int()), column: z.number().check(z.int()) }),
);
export const originSchema = lazy(() =>
  z.object({
    fragment: z.string(),
    callSite: z.optional(callSite()),
    chain: z.optional(z.array(z.string())),
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
const stageOrImage = lazy(() => z.union([z.string().check(z.minLength(1)), stageRef()]));

const base = lazy(() => ({
  origin: originSchema(),
  phase: z.optional(z.enum(PHASES)),
  reads: z.optional(z.array(z.string())),
  writes: z.optional(z.array(z.string())),
  needs: z.optional(z.array(z.string())),
  independent: z.optional(z.boolean()),
  ignoresVariables: z.optional(z.array(z.string())),
  merge: z.optional(
    z.object({ strategy: z.enum(['apt', 'apk']), packages: z.array(z.string()), cacheMounts: z.boolean() }),
  ),
  trace: z.optional(
    z.object({
      writtenAt: z.number().check(z.int()),
      moved: z.optional(z.string()),
      mergedFrom: z.optional(z.array(originSchema())),
    }),
  ),
}));

const uintOpt = lazy(() => z.optional(z.number().check(z.int(), z.nonnegative())));
/** The fields of each mount type, for the IR schema and the stricter one of what users write. */
const mountShapes = lazy(
  () =>
    [
      {
        type: z.literal('cache'),
        target: z.string().check(z.minLength(1)),
        id: z.optional(z.string()),
        sharing: z.optional(z.enum(['shared', 'private', 'locked'])),
        readonly: z.optional(z.boolean()),
        from: z.optional(stageOrImage()),
        source: z.optional(z.string()),
        mode: z.optional(z.string()),
        uid: uintOpt(),
        gid: uintOpt(),
      },
      {
        type: z.literal('secret'),
        id: z.string().check(z.minLength(1)),
        target: z.optional(z.string()),
        env: z.optional(z.string()),
        required: z.optional(z.boolean()),
        mode: z.optional(z.string()),
        uid: uintOpt(),
        gid: uintOpt(),
      },
      {
        type: z.literal('ssh'),
        id: z.optional(z.string()),
        target: z.optional(z.string()),
        required: z.optional(z.boolean()),
        mode: z.optional(z.string()),
        uid: uintOpt(),
        gid: uintOpt(),
      },
      {
        type: z.literal('bind'),
        target: z.string().check(z.minLength(1)),
        source: z.optional(z.string()),
        from: z.optional(stageOrImage()),
        rw: z.optional(z.boolean()),
      },
      { type: z.literal('tmpfs'), target: z.string().check(z.minLength(1)), size: uintOpt() },
    ] as const,
);

/** A mount in the IR: open to fields a newer core may add. */
export const mountSchema = lazy(() => {
  const [cache, secret, ssh, bind, tmpfs] = mountShapes();
  return z.discriminatedUnion('type', [
    z.object(cache),
    z.object(secret),
    z.object(ssh),
    z.object(bind),
    z.object(tmpfs),
  ]);
});

/** A mount as a user writes it (`cacheMount(target, { ... })`): a misspelled field is an error. */
export const mountInputSchema = lazy(() => {
  const [cache, secret, ssh, bind, tmpfs] = mountShapes();
  const what = 'mount option';
  // `from` present but undefined is a stage used above its declaration (the bundled config throws
  // no ReferenceError there): an error, not a mount of the build context.
  const from = z.exactOptional(stageOrImage());
  return z.discriminatedUnion('type', [
    strictObject({ ...cache, from }, what),
    strictObject(secret, what),
    strictObject(ssh, what),
    strictObject({ ...bind, from }, what),
    strictObject(tmpfs, what),
  ]);
});

const shellForm = lazy(() =>
  z.object({ form: z.literal('shell'), commands: z.array(z.string()).check(z.minLength(1)) }),
);
const execForm = lazy(() => z.object({ form: z.literal('exec'), argv: z.array(z.string()).check(z.minLength(1)) }));
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
        network: z.optional(z.enum(['default', 'none', 'host'])),
      }),
      z.object({
        kind: z.literal('copy'),
        ...base(),
        sources: z.array(z.string()).check(z.minLength(1)),
        dest: z.string().check(z.minLength(1)),
        from: z.optional(stageOrImage()),
        chown: z.optional(z.string()),
        chmod: z.optional(z.string()),
        link: z.optional(z.boolean()),
        exclude: z.optional(z.array(z.string())),
        parents: z.optional(z.boolean()),
        gate: z.optional(z.boolean()),
      }),
      z.object({
        kind: z.literal('add'),
        ...base(),
        sources: z.array(z.string()).check(z.minLength(1)),
        dest: z.string().check(z.minLength(1)),
        chown: z.optional(z.string()),
        chmod: z.optional(z.string()),
        checksum: z.optional(z.string()),
        link: z.optional(z.boolean()),
      }),
      z.object({
        kind: z.literal('env'),
        ...base(),
        vars: z.array(z.tuple([z.string(), text()])).check(z.minLength(1)),
      }),
      z.object({ kind: z.literal('arg'), ...base(), name: z.string(), default: z.optional(text()) }),
      z.object({ kind: z.literal('workdir'), ...base(), path: text() }),
      z.object({ kind: z.literal('user'), ...base(), user: text(), group: z.optional(text()) }),
      z.object({ kind: z.literal('expose'), ...base(), ports: z.array(z.string()).check(z.minLength(1)) }),
      z.object({
        kind: z.literal('label'),
        ...base(),
        labels: z.array(z.tuple([z.string(), text()])).check(z.minLength(1)),
      }),
      z.object({ kind: z.literal('cmd'), ...base(), command: commandFormOrEmpty() }),
      z.object({ kind: z.literal('entrypoint'), ...base(), command: commandFormOrEmpty() }),
      z.object({
        kind: z.literal('healthcheck'),
        ...base(),
        check: z.optional(
          z.object({
            command: commandForm(),
            interval: z.optional(z.string()),
            timeout: z.optional(z.string()),
            startPeriod: z.optional(z.string()),
            startInterval: z.optional(z.string()),
            retries: z.optional(z.number().check(z.int(), z.nonnegative())),
          }),
        ),
      }),
      z.object({ kind: z.literal('shell'), ...base(), argv: z.array(z.string()).check(z.minLength(1)) }),
      z.object({ kind: z.literal('volume'), ...base(), paths: z.array(z.string()).check(z.minLength(1)) }),
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
    platform: z.optional(z.string()),
    items: z.array(z.unknown()),
    origin: originSchema(),
  }),
);

export const configSchema = lazy(() =>
  strictObject(
    {
      targets: z.array(stageRef()).check(z.minLength(1, 'declare at least one target stage')),
      defaultTarget: z.optional(stageRef()),
      stages: z.optional(z.array(stageRef())),
      args: z.optional(z.array(z.unknown())),
      syntax: z.optional(z.enum(SYNTAX_LEVELS)),
      optimize: z.optional(
        strictObject({
          orderForCache: z.optional(z.boolean()),
          mergeRuns: z.optional(z.boolean()),
          hoistSharedPrefix: z.optional(z.boolean()),
        }),
      ),
      plugins: z.optional(
        z.array(
          z.object({
            name: z.string().check(z.minLength(1)),
            enforce: z.optional(z.enum(['pre', 'post'])),
            run: z.custom<(...args: unknown[]) => unknown>(
              (value) => typeof value === 'function',
              'expected a function',
            ),
          }),
        ),
      ),
      lint: z.optional(
        strictObject({
          rules: z.optional(
            z.record(z.string(), z.enum(['off', 'warn', 'error'])).check(
              z.superRefine((rules, ctx) => {
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
              }),
            ),
          ),
          allowSecretNames: z.optional(
            z.array(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an ENV/ARG name'))),
          ),
        }),
      ),
      dockerignore: z.optional(dockerignoreSchema()),
      images: z.optional(imagesSchema()),
    },
    'config key',
  ),
);
