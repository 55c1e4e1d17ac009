/**
 * Decodes the text emitStep printed for one step back into the values BuildKit would use, and
 * computes the same shape from the IR step, so a test can say `decodeStep(text) == expectedOf(step)`.
 * Decoding is done with a fixed environment in which common names are SET: a `$` the emitter
 * forgot to escape shows up as a changed value.
 */
import type { Mount } from '../../src/ir/mounts.js';
import { isStage } from '../../src/ir/stage.js';
import type { CommandForm, Step } from '../../src/ir/steps.js';
import { isExpandText, type Text } from '../../src/ir/text.js';
import {
  type DecodedCommand,
  type Dialect,
  decodeArgs,
  decodeCommand,
  decodeKeyValues,
  decodePaths,
  decodeSingleWord,
  type ParsedInstruction,
  parseBuilderFlags,
  parseDockerfile,
  parseMountFields,
  type WordEnv,
} from './buildkitWords.js';

/** Variables set while decoding; every unescaped `$NAME` of these changes the value. */
export const DECODE_ENV: WordEnv = {
  A: 'env-a',
  B: 'env-b',
  X: 'env-x',
  HOME: '/root',
  PATH: '/usr/bin',
  a: 'env-lower-a',
  _: 'env-underscore',
  '0': 'env-zero',
  '1': 'env-one',
};

export type MountFields = readonly (readonly [string, string | undefined])[];

export type StepValue =
  | {
      readonly kind: 'run';
      readonly mounts: readonly MountFields[];
      readonly network?: string;
      readonly command: DecodedCommand | { readonly form: 'heredoc'; readonly script: string };
    }
  | {
      readonly kind: 'copy' | 'add';
      readonly flags: Readonly<Record<string, string | true>>;
      readonly paths: readonly string[];
    }
  | { readonly kind: 'env' | 'label'; readonly pairs: readonly (readonly [string, string])[] }
  | { readonly kind: 'arg'; readonly pairs: readonly (readonly [string, string | undefined])[] }
  | { readonly kind: 'workdir' | 'user' | 'stopsignal'; readonly value: string }
  | { readonly kind: 'cmd' | 'entrypoint' | 'shell'; readonly command: DecodedCommand }
  | { readonly kind: 'volume'; readonly paths: readonly string[] }
  | { readonly kind: 'expose'; readonly ports: readonly string[] }
  | {
      readonly kind: 'healthcheck';
      readonly flags: Readonly<Record<string, string | true>>;
      readonly command?: DecodedCommand;
    }
  | { readonly kind: 'onbuild'; readonly trigger: StepValue };

function flagRecord(instruction: ParsedInstruction): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const flag of parseBuilderFlags(instruction.flags)) {
    out[flag.name] = flag.value === undefined ? true : flag.value;
  }
  return out;
}

/** One instruction's values as BuildKit reads them (literal values: no `expand()` involved). */
export function decodeInstruction(
  instruction: ParsedInstruction,
  dialect: Dialect,
  env: WordEnv = DECODE_ENV,
): StepValue {
  switch (instruction.keyword) {
    case 'RUN': {
      const mounts: MountFields[] = [];
      let network: string | undefined;
      for (const flag of parseBuilderFlags(instruction.flags)) {
        if (flag.name === 'mount') {
          // Raw fields: BuildKit later expands `$VAR` in every field but `from`, as in all flag
          // values; the emitter passes `$` in flags through on purpose (e.g. `--chown=$UID`).
          mounts.push(parseMountFields(flag.value ?? ''));
        } else if (flag.name === 'network') network = flag.value;
        else throw new Error(`unexpected RUN flag --${flag.name}`);
      }
      const heredoc = instruction.heredocs[0];
      const command = heredoc ? { form: 'heredoc' as const, script: heredoc.content } : decodeCommand(instruction);
      return network === undefined ? { kind: 'run', mounts, command } : { kind: 'run', mounts, network, command };
    }
    case 'COPY':
    case 'ADD':
      return {
        kind: instruction.keyword === 'COPY' ? 'copy' : 'add',
        flags: flagRecord(instruction),
        paths: decodePaths(instruction, env, dialect),
      };
    case 'ENV':
    case 'LABEL':
      return {
        kind: instruction.keyword === 'ENV' ? 'env' : 'label',
        pairs: decodeKeyValues(instruction, env, dialect),
      };
    case 'ARG':
      return { kind: 'arg', pairs: decodeArgs(instruction, env, dialect) };
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
      return {
        kind: instruction.keyword.toLowerCase() as 'workdir' | 'user' | 'stopsignal',
        value: decodeSingleWord(instruction, env, dialect),
      };
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return {
        kind: instruction.keyword.toLowerCase() as 'cmd' | 'entrypoint' | 'shell',
        command: decodeCommand(instruction),
      };
    case 'VOLUME':
      return { kind: 'volume', paths: decodePaths(instruction, env, dialect) };
    case 'EXPOSE':
      return {
        kind: 'expose',
        ports: instruction.args.kind === 'list' ? [...instruction.args.values] : [],
      };
    case 'HEALTHCHECK': {
      const args = instruction.args;
      if (args.kind !== 'health') throw new Error('HEALTHCHECK without arguments');
      const flags = flagRecord(instruction);
      if (args.type.toUpperCase() === 'NONE') return { kind: 'healthcheck', flags };
      if (args.type.toUpperCase() !== 'CMD') throw new Error(`HEALTHCHECK type ${args.type}`);
      return { kind: 'healthcheck', flags, command: decodeCommand(instruction) };
    }
    case 'ONBUILD': {
      if (instruction.args.kind !== 'sub' || !instruction.args.child) throw new Error('ONBUILD without trigger');
      return { kind: 'onbuild', trigger: decodeInstruction(instruction.args.child, dialect, env) };
    }
    default:
      throw new Error(`cannot decode ${instruction.keyword}`);
  }
}

/** The single instruction of one emitted step, decoded. Throws if BuildKit sees more or fewer. */
export function decodeStepText(text: string, dialect: Dialect, env: WordEnv = DECODE_ENV): StepValue {
  const { instructions } = parseDockerfile(text, { dialect });
  if (instructions.length !== 1) {
    throw new Error(`BuildKit (${dialect}) reads ${instructions.length} instructions in:\n${text}`);
  }
  return decodeInstruction(instructions[0] as ParsedInstruction, dialect, env);
}

function literal(text: Text): string {
  if (isExpandText(text)) throw new Error('expectedOf handles literal values only');
  return text;
}

function expectedCommand(command: CommandForm): DecodedCommand {
  return command.form === 'exec'
    ? { form: 'exec', argv: command.argv }
    : // emitStep lays commands out as `a \` + newline + `    && b`: joined, that is `a     && b`.
      { form: 'shell', text: command.commands.join('     && ') };
}

/** Mount fields as BuildKit should read them back (order as emitted does not matter: sorted). */
export function expectedMountFields(mount: Mount): MountFields {
  const fields: [string, string | undefined][] = [['type', mount.type]];
  for (const [key, value] of Object.entries(mount)) {
    if (key === 'type' || value === undefined) continue;
    if (key === 'readonly' || key === 'rw') {
      if (value === true) fields.push([key, undefined]);
    } else fields.push([key, isStage(value) ? value.name : String(value)]);
  }
  return fields;
}

export function sortFields(fields: MountFields): MountFields {
  return [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What the step means, in the shape decodeStepText returns (literal values only). */
export function expectedOf(step: Step): StepValue {
  switch (step.kind) {
    case 'run': {
      const mounts = step.mounts.map((mount) => sortFields(expectedMountFields(mount)));
      const command =
        step.command.form === 'heredoc'
          ? { form: 'heredoc' as const, script: `${step.command.script.replace(/\n$/, '')}\n` }
          : expectedCommand(step.command);
      return step.network === undefined
        ? { kind: 'run', mounts, command }
        : { kind: 'run', mounts, network: step.network, command };
    }
    case 'copy':
    case 'add': {
      const flags: Record<string, string | true> = {};
      if (step.kind === 'copy' && step.from !== undefined)
        flags['from'] = isStage(step.from) ? step.from.name : step.from;
      if (step.chown !== undefined) flags['chown'] = step.chown;
      if (step.chmod !== undefined) flags['chmod'] = step.chmod;
      if (step.kind === 'add' && step.checksum !== undefined) flags['checksum'] = step.checksum;
      if (step.link) flags['link'] = true;
      if (step.kind === 'copy' && step.parents) flags['parents'] = true;
      return { kind: step.kind, flags, paths: [...step.sources, step.dest] };
    }
    case 'env':
      return { kind: 'env', pairs: step.vars.map(([name, value]) => [name, literal(value)] as const) };
    case 'label':
      return { kind: 'label', pairs: step.labels.map(([key, value]) => [key, literal(value)] as const) };
    case 'arg':
      return { kind: 'arg', pairs: [[step.name, step.default === undefined ? undefined : literal(step.default)]] };
    case 'workdir':
      return { kind: 'workdir', value: literal(step.path) };
    case 'user':
      return {
        kind: 'user',
        value: step.group === undefined ? literal(step.user) : `${literal(step.user)}:${literal(step.group)}`,
      };
    case 'stopsignal':
      return { kind: 'stopsignal', value: step.signal };
    case 'cmd':
    case 'entrypoint':
      return { kind: step.kind, command: expectedCommand(step.command) };
    case 'shell':
      return { kind: 'shell', command: { form: 'exec', argv: step.argv } };
    case 'volume':
      return { kind: 'volume', paths: step.paths };
    case 'expose':
      return { kind: 'expose', ports: step.ports };
    case 'healthcheck': {
      if (!step.check) return { kind: 'healthcheck', flags: {} };
      const { check } = step;
      const flags: Record<string, string | true> = {};
      if (check.interval !== undefined) flags['interval'] = check.interval;
      if (check.timeout !== undefined) flags['timeout'] = check.timeout;
      if (check.startPeriod !== undefined) flags['start-period'] = check.startPeriod;
      if (check.startInterval !== undefined) flags['start-interval'] = check.startInterval;
      if (check.retries !== undefined) flags['retries'] = String(check.retries);
      return { kind: 'healthcheck', flags, command: expectedCommand(check.command) };
    }
    case 'onbuild':
      return { kind: 'onbuild', trigger: expectedOf(step.step) };
    case 'comment':
      throw new Error('a comment is not an instruction');
  }
}

/** decodeStepText with RUN mount fields sorted, for comparison with expectedOf. */
export function decodeForCompare(text: string, dialect: Dialect, env: WordEnv = DECODE_ENV): StepValue {
  return normalizeMounts(decodeStepText(text, dialect, env));
}

function normalizeMounts(value: StepValue): StepValue {
  if (value.kind === 'run') return { ...value, mounts: value.mounts.map(sortFields) };
  if (value.kind === 'onbuild') return { ...value, trigger: normalizeMounts(value.trigger) };
  return value;
}
