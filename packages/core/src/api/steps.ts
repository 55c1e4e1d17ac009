/**
 * Step factories: one per Dockerfile instruction. Each validates its options (zod), records its
 * call site, and returns a frozen IR node. Raw steps have no phase: the compiler keeps their place.
 */
import * as z from 'zod/mini';
import { captureCallSite } from '../ir/callSite.js';
import { deepFreeze } from '../ir/freeze.js';
import type { Mount } from '../ir/mounts.js';
import type { CallSite, Origin } from '../ir/origin.js';
import { PHASES } from '../ir/phase.js';
import type { Stage } from '../ir/stage.js';
import type {
  AddStep,
  ArgStep,
  CmdStep,
  CommandForm,
  CommentStep,
  CopyStep,
  EntrypointStep,
  EnvStep,
  ExposeStep,
  HealthcheckStep,
  HeredocForm,
  LabelStep,
  OnbuildStep,
  RunStep,
  ShellForm,
  ShellStep,
  Step,
  StepBase,
  StopsignalStep,
  UserStep,
  VolumeStep,
  WorkdirStep,
} from '../ir/steps.js';
import type { Text } from '../ir/text.js';
import { markTrusted } from '../ir/trusted.js';
import { noteStepMade } from '../loader/pretenuring.js';
import { mountInputSchema, stepSchema } from '../schema/ir.js';
import { lazy } from '../schema/lazy.js';
import { parseOrThrow, type SafeParsable } from '../schema/parse.js';
import { strictObject } from '../schema/strictObject.js';

/** Ordering metadata any step accepts; see docs/concepts.md. */
export interface StepOrdering {
  readonly phase?: StepBase['phase'];
  readonly reads?: readonly string[];
  readonly writes?: readonly string[];
  readonly needs?: readonly string[];
  readonly independent?: boolean;
  readonly ignoresVariables?: readonly string[];
}

const orderingShape = lazy(() => ({
  phase: z.optional(z.enum(PHASES)),
  reads: z.optional(z.array(z.string())),
  writes: z.optional(z.array(z.string())),
  needs: z.optional(z.array(z.string())),
  independent: z.optional(z.boolean()),
  ignoresVariables: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)))),
}));

/** The options argument of the steps that take only ordering metadata (ENV, ARG, WORKDIR, USER). */
const orderingOptions = lazy(() => strictObject(orderingShape()));

/** Validates those options; most calls pass none, and config loading makes thousands of steps. */
function checkOrdering(options: StepOrdering | undefined, name: string, callSite: CallSite | undefined): void {
  if (options !== undefined) parse(orderingOptions(), options, name, callSite);
}

const text = lazy(() => z.union([z.string(), z.object({ kind: z.literal('expand'), text: z.string() })]));
const stageOrImage = lazy(() =>
  z.union([
    z.string().check(z.minLength(1)),
    z.custom<Stage>((value) => (value as { kind?: unknown } | null)?.kind === 'stage', {
      message: 'expected a stage value (or an image name)',
    }),
  ]),
);

/**
 * One frozen origin per factory and call site, shared by every step made there: a loop or a shared
 * fragment makes thousands of steps from one line. Two objects a step less: the heap of a
 * 10,000-stage config went from 70 to 44 MB (measured).
 */
const origins = new Map<string, Origin>();
// Call sites are lines of source, so few; a long watch session keeps adding edited ones, though.
const MAX_SHARED_ORIGINS = 10_000;

function origin(name: string, callSite: CallSite | undefined): Origin {
  if (!callSite) return { fragment: name };
  const key = `${name}\0${callSite.file}\0${callSite.line}\0${callSite.column}`;
  let shared = origins.get(key);
  if (shared === undefined) {
    shared = Object.freeze({ fragment: name, callSite: Object.freeze(callSite) });
    if (origins.size >= MAX_SHARED_ORIGINS) origins.clear();
    origins.set(key, shared);
  }
  return shared;
}

function parse<T>(schema: SafeParsable<T>, value: unknown, name: string, callSite: CallSite | undefined): T {
  return parseOrThrow(schema, value, { callSite, fragment: name }, `options of ${name}()`);
}

function ordering(options: StepOrdering | undefined): Partial<StepBase> {
  if (!options) return {};
  const out: { -readonly [K in keyof StepBase]?: StepBase[K] } = {};
  if (options.phase !== undefined) out.phase = options.phase;
  if (options.reads !== undefined) out.reads = [...options.reads];
  if (options.writes !== undefined) out.writes = [...options.writes];
  if (options.needs !== undefined) out.needs = [...options.needs];
  if (options.independent !== undefined) out.independent = options.independent;
  if (options.ignoresVariables !== undefined) out.ignoresVariables = [...options.ignoresVariables];
  return out;
}

/**
 * A copy without the undefined keys, into `out`. Copying, not `delete`: deleting a property turns a
 * V8 object into a slow dictionary, and every pass reads these objects many times.
 */
function defined<T extends object>(value: T, out: Record<string, unknown> = {}): T {
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = field;
  }
  return out as T;
}

// A plain object (its prototype is Object.prototype) made by a constructor of its step kind: V8
// sizes such objects by what that constructor's first objects held, so every field of a step,
// and the trusted mark, sit in the object itself. Built as `{}` they got four fields inside and
// the rest in a second object, one more memory access for each read of them.
const stepObjectMakers = new Map<string, new () => object>();

function stepObject(kind: string): Record<string, unknown> {
  let Maker = stepObjectMakers.get(kind);
  if (Maker === undefined) {
    Maker = function StepObject() {} as unknown as new () => object;
    Maker.prototype = Object.prototype;
    stepObjectMakers.set(kind, Maker);
  }
  return new Maker() as Record<string, unknown>;
}

function finish<T extends Step>(step: T): T {
  noteStepMade();
  return deepFreeze(markTrusted(defined(step, stepObject(step.kind))));
}

/** Several shell commands joined with `&&`, laid out one per line. */
export function sh(...commands: string[]): ShellForm {
  return Object.freeze({ form: 'shell', commands: Object.freeze([...commands]) });
}

/** A heredoc script for RUN (needs `syntax: '1.4'`). */
export function heredoc(script: string): HeredocForm {
  return Object.freeze({ form: 'heredoc', script });
}

export interface RunOptions extends StepOrdering {
  readonly mounts?: readonly Mount[];
  readonly network?: 'default' | 'none' | 'host';
}

const commandInput = lazy(() =>
  z.union([
    z.string().check(z.trim(), z.minLength(1, 'the command is empty')),
    z.array(z.string()).check(z.minLength(1, 'the exec-form argument list is empty')),
    z.object({
      form: z.literal('shell'),
      commands: z.array(z.string().check(z.trim(), z.minLength(1))).check(z.minLength(1)),
    }),
    z.object({ form: z.literal('heredoc'), script: z.string().check(z.minLength(1)) }),
  ]),
);

function toForm(command: z.infer<ReturnType<typeof commandInput>>): RunStep['command'] {
  if (typeof command === 'string') return { form: 'shell', commands: [command] };
  if (Array.isArray(command)) return { form: 'exec', argv: [...command] };
  return command as RunStep['command'];
}

// One frozen empty list for every RUN without mounts (most of them) instead of one each: less
// memory, and the compiler's passes that read every RUN's mounts touch one hot list.
const NO_MOUNTS: readonly Mount[] = Object.freeze([]);

/** `RUN`: a string is shell form, an array is exec form, `sh(...)` joins commands with `&&`. */
export function run(command: string | readonly string[] | ShellForm | HeredocForm, options?: RunOptions): RunStep {
  const callSite = captureCallSite();
  const parsed = parse(runInput(), { command, options }, 'run', callSite);
  const boundFromContext = (options?.mounts ?? []).flatMap((mount) =>
    mount.type === 'bind' && mount.from === undefined ? [mount.source ?? '.'] : [],
  );
  return finish<RunStep>({
    kind: 'run',
    origin: origin('run', callSite),
    ...(boundFromContext.length > 0 ? { reads: boundFromContext } : {}),
    ...ordering(options),
    command: toForm(parsed.command),
    mounts: (options?.mounts ?? NO_MOUNTS) as Mount[],
    network: parsed.options?.network,
  });
}

export interface CopyOptions extends StepOrdering {
  readonly from?: Stage | string;
  readonly chown?: string;
  readonly chmod?: string;
  readonly link?: boolean;
  readonly exclude?: readonly string[];
  readonly parents?: boolean;
}

const copyOptions = lazy(() =>
  z.optional(
    strictObject({
      // Present but undefined is a stage used above its declaration (the bundled config throws no
      // ReferenceError there): an error, not a COPY from the build context.
      from: z.exactOptional(stageOrImage()),
      chown: z.optional(z.string().check(z.minLength(1))),
      chmod: z.optional(
        z
          .string()
          .check(
            z.regex(
              /^([0-7]{3,4}|[ugoa]*[+=-][rwxXst]+(,[ugoa]*[+=-][rwxXst]+)*|\$\{?\w+\}?)$/,
              'expected an octal mode like 0755',
            ),
          ),
      ),
      link: z.optional(z.boolean()),
      exclude: z.optional(z.array(z.string().check(z.minLength(1)))),
      parents: z.optional(z.boolean()),
      ...orderingShape(),
    }),
  ),
);

const sourcesSchema = lazy(() =>
  z.union([
    z.string().check(z.minLength(1, 'the source path is empty')),
    z.array(z.string().check(z.minLength(1, 'a source path is empty'))).check(z.minLength(1, 'no source paths')),
  ]),
);

/** `COPY`: build-context files, or files from another stage with `{ from: stage }`. */
export function copy(sources: string | readonly string[], dest: string, options?: CopyOptions): CopyStep {
  const callSite = captureCallSite();
  const parsed = parse(copyInput(), { sources, dest, options }, 'copy', callSite);
  const list = typeof parsed.sources === 'string' ? [parsed.sources] : parsed.sources;
  const fromContext = options?.from === undefined;
  return finish<CopyStep>({
    kind: 'copy',
    origin: origin('copy', callSite),
    ...(fromContext ? { reads: [...list] } : {}),
    ...ordering(options),
    sources: list,
    dest: parsed.dest,
    from: options?.from,
    chown: parsed.options?.chown,
    chmod: parsed.options?.chmod,
    link: parsed.options?.link,
    exclude: parsed.options?.exclude,
    parents: parsed.options?.parents,
  });
}

export interface AddOptions extends StepOrdering {
  readonly chown?: string;
  readonly chmod?: string;
  readonly checksum?: string;
  readonly link?: boolean;
}

/** `ADD`: for remote URLs and archives to unpack; prefer `copy()` for plain files. */
export function add(sources: string | readonly string[], dest: string, options?: AddOptions): AddStep {
  const callSite = captureCallSite();
  const parsed = parse(addInput(), { sources, dest, options }, 'add', callSite);
  const list = typeof parsed.sources === 'string' ? [parsed.sources] : parsed.sources;
  return finish<AddStep>({
    kind: 'add',
    origin: origin('add', callSite),
    reads: list.filter((source) => !/^[a-z]+:\/\//i.test(source) && !source.startsWith('git@')),
    ...ordering(options),
    sources: list,
    dest: parsed.dest,
    chown: parsed.options?.chown,
    chmod: parsed.options?.chmod,
    checksum: parsed.options?.checksum,
    link: parsed.options?.link,
  });
}

/** `ENV`: `env('KEY', 'value')` or `env({ KEY: 'value', ... })`. Use `expand()` for `$VAR` references. */
export function env(vars: Readonly<Record<string, Text>>, options?: StepOrdering): EnvStep;
export function env(name: string, value: Text, options?: StepOrdering): EnvStep;
export function env(
  first: string | Readonly<Record<string, Text>>,
  second?: Text | StepOrdering,
  third?: StepOrdering,
): EnvStep {
  const callSite = captureCallSite();
  const pairs = typeof first === 'string' ? { [first]: second as Text } : first;
  const options = typeof first === 'string' ? third : (second as StepOrdering | undefined);
  const parsed = parse(textRecord(), pairs, 'env', callSite);
  checkOrdering(options, 'env', callSite);
  return finish<EnvStep>({
    kind: 'env',
    origin: origin('env', callSite),
    ...ordering(options),
    vars: textEntries(pairs, parsed, 'env', callSite),
  });
}

/** `ARG` inside a stage (for global ARGs before FROM, list them in the config's `args`). */
export function arg(name: string, defaultValue?: Text, options?: StepOrdering): ArgStep {
  const callSite = captureCallSite();
  parse(argInput(), { name, default: defaultValue }, 'arg', callSite);
  checkOrdering(options, 'arg', callSite);
  return finish<ArgStep>({
    kind: 'arg',
    origin: origin('arg', callSite),
    ...ordering(options),
    name,
    default: defaultValue,
  });
}

/** `WORKDIR`. */
export function workdir(path: Text, options?: StepOrdering): WorkdirStep {
  const callSite = captureCallSite();
  parse(workdirInput(), path, 'workdir', callSite);
  checkOrdering(options, 'workdir', callSite);
  return finish<WorkdirStep>({ kind: 'workdir', origin: origin('workdir', callSite), ...ordering(options), path });
}

/** `USER name[:group]`. */
export function user(name: Text, group?: Text, options?: StepOrdering): UserStep {
  const callSite = captureCallSite();
  parse(userInput(), { user: name, group }, 'user', callSite);
  checkOrdering(options, 'user', callSite);
  return finish<UserStep>({ kind: 'user', origin: origin('user', callSite), ...ordering(options), user: name, group });
}

/** `EXPOSE 8080 9090/udp`: documents ports; it publishes nothing. */
export function expose(...ports: (number | string)[]): ExposeStep {
  const callSite = captureCallSite();
  parse(portsInput(), ports, 'expose', callSite);
  return finish<ExposeStep>({
    kind: 'expose',
    origin: origin('expose', callSite),
    phase: 'metadata',
    // A `$VAR` port depends on the ENV/ARG before it.
    independent: !ports.some((port) => String(port).includes('$')),
    ports: ports.map(String),
  });
}

/** `LABEL`: `label('key', 'value')` or `label({ ... })`. */
export function label(labels: Readonly<Record<string, Text>>): LabelStep;
export function label(key: string, value: Text): LabelStep;
export function label(first: string | Readonly<Record<string, Text>>, value?: Text): LabelStep {
  const callSite = captureCallSite();
  const pairs = typeof first === 'string' ? { [first]: value as Text } : first;
  const labels = textEntries(pairs, parse(textRecord(), pairs, 'label', callSite), 'label', callSite);
  return finish<LabelStep>({
    kind: 'label',
    origin: origin('label', callSite),
    phase: 'metadata',
    // expand() values depend on the ENV/ARG before them.
    independent: !labels.some(([, text]) => typeof text !== 'string'),
    labels,
  });
}

const commandArg = lazy(() =>
  z.union([
    z.string().check(z.trim(), z.minLength(1, 'the command is empty')),
    z.array(z.string()).check(z.minLength(1, 'the argument list is empty')),
  ]),
);

/** CMD and ENTRYPOINT also take `[]`: it clears the command inherited from the base image. */
const commandArgOrEmpty = lazy(() =>
  z.union([z.string().check(z.trim(), z.minLength(1, 'the command is empty')), z.array(z.string())]),
);

function commandForm(command: string | readonly string[]): CommandForm {
  return typeof command === 'string' ? { form: 'shell', commands: [command] } : { form: 'exec', argv: [...command] };
}

/**
 * `CMD`: an array (exec form, recommended) or a string (shell form). `cmd([])` writes `CMD []`,
 * which clears the command inherited from the base image.
 */
export function cmd(command: string | readonly string[]): CmdStep {
  const callSite = captureCallSite();
  parse(commandArgOrEmpty(), command, 'cmd', callSite);
  return finish<CmdStep>({
    kind: 'cmd',
    origin: origin('cmd', callSite),
    phase: 'metadata',
    // Exec form depends on nothing before it; shell form depends on the SHELL in effect.
    independent: typeof command !== 'string',
    command: commandForm(command),
  });
}

/**
 * `ENTRYPOINT`: an array (exec form, recommended) or a string (shell form). `entrypoint([])` writes
 * `ENTRYPOINT []`, which clears the entrypoint inherited from the base image.
 */
export function entrypoint(command: string | readonly string[]): EntrypointStep {
  const callSite = captureCallSite();
  parse(commandArgOrEmpty(), command, 'entrypoint', callSite);
  return finish<EntrypointStep>({
    kind: 'entrypoint',
    origin: origin('entrypoint', callSite),
    phase: 'metadata',
    command: commandForm(command),
  });
}

export interface HealthcheckOptions {
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  readonly startInterval?: string;
  readonly retries?: number;
}

const duration = lazy(() => z.string().check(z.regex(/^\d+(\.\d+)?(ns|us|ms|s|m|h)$/, 'expected a duration like 30s')));

/** `HEALTHCHECK CMD ...`, or `HEALTHCHECK NONE` when `command` is null. */
export function healthcheck(command: string | readonly string[] | null, options?: HealthcheckOptions): HealthcheckStep {
  const callSite = captureCallSite();
  const parsed = parse(healthcheckInput(), { command, options }, 'healthcheck', callSite);
  const base = {
    kind: 'healthcheck' as const,
    origin: origin('healthcheck', callSite),
    phase: 'metadata' as const,
    independent: typeof command !== 'string',
  };
  if (command === null) return finish<HealthcheckStep>(base);
  return finish<HealthcheckStep>({ ...base, check: defined({ command: commandForm(command), ...parsed.options }) });
}

/** `SHELL ["bash", "-o", "pipefail", "-c"]`: the shell for later shell-form RUN/CMD. */
export function shell(argv: readonly string[]): ShellStep {
  const callSite = captureCallSite();
  parse(shellInput(), argv, 'shell', callSite);
  return finish<ShellStep>({ kind: 'shell', origin: origin('shell', callSite), argv: [...argv] });
}

/** `VOLUME`. Kept in place: with the legacy builder, later changes under a volume are discarded. */
export function volume(...paths: string[]): VolumeStep {
  const callSite = captureCallSite();
  parse(volumeInput(), paths, 'volume', callSite);
  return finish<VolumeStep>({ kind: 'volume', origin: origin('volume', callSite), paths });
}

/** `STOPSIGNAL SIGTERM`. */
export function stopsignal(signal: string): StopsignalStep {
  const callSite = captureCallSite();
  parse(nonEmpty(), signal, 'stopsignal', callSite);
  return finish<StopsignalStep>({
    kind: 'stopsignal',
    origin: origin('stopsignal', callSite),
    phase: 'metadata',
    independent: !signal.includes('$'),
    signal,
  });
}

/** `ONBUILD <instruction>`: runs when another Dockerfile builds FROM this image. */
export function onbuild(step: Step): OnbuildStep {
  const callSite = captureCallSite();
  parse(stepSchema(), step, 'onbuild', callSite);
  return finish<OnbuildStep>({ kind: 'onbuild', origin: origin('onbuild', callSite), phase: 'metadata', step });
}

/** A `# comment` line in the emitted Dockerfile. */
export function comment(text: string): CommentStep {
  const callSite = captureCallSite();
  parse(anyString(), text, 'comment', callSite);
  return finish<CommentStep>({ kind: 'comment', origin: origin('comment', callSite), text });
}

// Schemas are built once, on first use: creating a zod schema costs far more than parsing with one.
const runInput = lazy(() =>
  z.object({
    command: commandInput(),
    options: z.optional(
      strictObject({
        mounts: z.optional(z.array(mountInputSchema())),
        network: z.optional(z.enum(['default', 'none', 'host'])),
        ...orderingShape(),
      }),
    ),
  }),
);
const copyInput = lazy(() =>
  z.object({
    sources: sourcesSchema(),
    dest: z.string().check(z.minLength(1, 'the destination is empty')),
    options: copyOptions(),
  }),
);
const addInput = lazy(() =>
  z.object({
    sources: sourcesSchema(),
    dest: z.string().check(z.minLength(1, 'the destination is empty')),
    options: z.optional(
      strictObject({
        chown: z.optional(z.string().check(z.minLength(1))),
        chmod: z.optional(z.string().check(z.minLength(1))),
        checksum: z.optional(z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>'))),
        link: z.optional(z.boolean()),
        ...orderingShape(),
      }),
    ),
  }),
);
const textRecord = lazy(() => z.record(z.string(), text()));

/**
 * A validated record of texts as entries, in the order given. Not `Object.entries(parsed)`: zod's
 * records skip a `__proto__` key (neither validated nor in the output, against prototype
 * pollution), so that variable or label was silently lost. Here it is validated and kept: it is
 * only ever an entry, never assigned to an object.
 */
function textEntries(
  input: Readonly<Record<string, Text>>,
  parsed: Readonly<Record<string, Text>>,
  name: string,
  callSite: CallSite | undefined,
): [string, Text][] {
  const entries: [string, Text][] = [];
  for (const key of Object.keys(input)) {
    entries.push([key, Object.hasOwn(parsed, key) ? (parsed[key] as Text) : parse(text(), input[key], name, callSite)]);
  }
  return entries;
}
const argInput = lazy(() => z.object({ name: z.string().check(z.minLength(1)), default: z.optional(text()) }));
const userInput = lazy(() => z.object({ user: text(), group: z.optional(text()) }));
const portsInput = lazy(() =>
  z
    .array(z.union([z.number().check(z.int(), z.minimum(1), z.maximum(65535)), z.string().check(z.minLength(1))]))
    .check(z.minLength(1, 'no ports given')),
);
const healthcheckInput = lazy(() =>
  z.object({
    command: z.nullable(commandArg()),
    options: z.optional(
      strictObject({
        interval: z.optional(duration()),
        timeout: z.optional(duration()),
        startPeriod: z.optional(duration()),
        startInterval: z.optional(duration()),
        retries: z.optional(z.number().check(z.int(), z.nonnegative())),
      }),
    ),
  }),
);
const shellInput = lazy(() => z.array(z.string()).check(z.minLength(1, 'the shell argument list is empty')));
const volumeInput = lazy(() => z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'no paths given')));
const nonEmpty = lazy(() => z.string().check(z.minLength(1)));
const anyString = lazy(() => z.string());
const workdirInput = lazy(() =>
  text().check(z.refine((value) => (typeof value === 'string' ? value : value.text) !== '', 'the path is empty')),
);
