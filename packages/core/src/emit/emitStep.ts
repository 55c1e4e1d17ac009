import type { SyntaxLevel } from '../ir/config.js';
import type { Mount } from '../ir/mounts.js';
import { isStage } from '../ir/stage.js';
import type { CommandForm, EnvStep, HealthcheckStep, LabelStep, RunStep, Step } from '../ir/steps.js';
import { isExpandText } from '../ir/text.js';
import {
  assertWellFormed,
  bareWord,
  checkRunCommand,
  checkShellCommand,
  EmitValueError,
  encodeComment,
  encodeCopyPaths,
  encodeExecArray,
  encodeExpandedWord,
  encodeFlagValue,
  encodeMountField,
  encodePathList,
  heredocDelimiter,
} from './escape.js';
import { FEATURE_LEVELS, type Feature, levelAtLeast } from './features.js';

export interface EmitStepContext {
  readonly syntax: SyntaxLevel;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A variable may carry a default or alternative (`${PORT:-8080}`), as BuildKit expands it.
const PORT =
  /^(\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-+][A-Za-z0-9_.-]*)?\}|\d{1,5}(-\d{1,5})?)(\/(tcp|udp|sctp))?$/;
const SIGNAL = /^(SIG[A-Z0-9+-]+|\d{1,2}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)$/;
const DURATION = /^\d+(\.\d+)?(ns|us|ms|s|m|h)$/;

/** Dockerfile text for one step (one or more physical lines). One exhaustive switch over kinds. */
export function emitStep(step: Step, context: EmitStepContext): string {
  switch (step.kind) {
    case 'run':
      return emitRun(step, context);
    case 'copy': {
      // Flags appended one by one: most COPYs have none, and this is the emitter's hot path. Here
      // and below, the keyword carries its space and each piece is added once: every `+` makes a
      // string, and a space added on its own made one more per line (at 10,000 stages, 5 of the
      // 53 MB a compile allocated).
      let head = 'COPY ';
      if (step.from !== undefined)
        head += `--from=${encodeFlagValue(isStage(step.from) ? step.from.name : step.from, 'from')} `;
      if (step.chown !== undefined) head += `--chown=${encodeFlagValue(step.chown, 'chown')} `;
      if (step.chmod !== undefined) head += `--chmod=${encodeFlagValue(step.chmod, 'chmod')} `;
      if (step.link) head += `--link ${requireFeature('COPY --link', context)}`;
      if (step.parents) head += `--parents ${requireFeature('COPY --parents', context)}`;
      for (const pattern of step.exclude ?? [])
        head += `--exclude=${encodeFlagValue(pattern, 'exclude')} ${requireFeature('COPY --exclude', context)}`;
      return head + encodeCopyPaths(step.sources, step.dest, 'COPY path');
    }
    case 'add': {
      let head = 'ADD ';
      if (step.chown !== undefined) head += `--chown=${encodeFlagValue(step.chown, 'chown')} `;
      if (step.chmod !== undefined) head += `--chmod=${encodeFlagValue(step.chmod, 'chmod')} `;
      if (step.checksum !== undefined)
        head += `--checksum=${encodeFlagValue(step.checksum, 'checksum')} ${requireFeature('ADD --checksum', context)}`;
      if (step.link) head += `--link ${requireFeature('ADD --link', context)}`;
      return head + encodeCopyPaths(step.sources, step.dest, 'ADD path');
    }
    case 'env': {
      if (step.vars.length === 0) throw new EmitValueError('ENV has no variables');
      // Indexed loops and pairs, no callbacks, here and below: see ir/frozenArrays.ts.
      let text = 'ENV ';
      for (let index = 0; index < step.vars.length; index++) {
        const variable = step.vars[index] as EnvStep['vars'][number];
        const name = variable[0];
        const value = variable[1];
        const key = envName(name, 'ENV');
        checkNoSameLineReference(step.vars, index);
        if (index > 0) text += ' ';
        text = `${text}${key}=${bareWord(value) ?? encodeExpandedWord(value, `ENV ${name} value`)}`;
      }
      return text;
    }
    case 'arg':
      return step.default === undefined
        ? `ARG ${envName(step.name, 'ARG')}`
        : `ARG ${envName(step.name, 'ARG')}=${encodeExpandedWord(step.default, `ARG ${step.name} default`)}`;
    case 'workdir':
      return `WORKDIR ${encodeExpandedWord(step.path, 'WORKDIR path')}`;
    case 'user': {
      const user = encodeExpandedWord(step.user, 'USER name');
      if (step.group === undefined) return `USER ${user}`;
      const group = encodeExpandedWord(step.group, 'USER group');
      // Quote the pair as one word so `:` stays between the two decoded halves.
      return `USER ${joinWords(user, group, ':')}`;
    }
    case 'expose': {
      if (step.ports.length === 0) throw new EmitValueError('EXPOSE has no ports');
      let text = 'EXPOSE ';
      for (let index = 0; index < step.ports.length; index++) {
        const port = step.ports[index] as string;
        if (!PORT.test(port)) {
          throw new EmitValueError(`EXPOSE port "${port}" is not a port, range or $VAR with optional /tcp|/udp|/sctp`);
        }
        if (index > 0) text += ' ';
        text += port;
      }
      return text;
    }
    case 'label': {
      if (step.labels.length === 0) throw new EmitValueError('LABEL has no labels');
      let text = 'LABEL ';
      for (let index = 0; index < step.labels.length; index++) {
        const entry = step.labels[index] as LabelStep['labels'][number];
        const key = entry[0];
        const value = entry[1];
        if (key === '') throw new EmitValueError('LABEL key is empty');
        // The parser splits `key=value` at the first `=`, even inside quotes: such a key cannot be written.
        if (key.includes('=')) throw new EmitValueError(`LABEL key "${key}" contains "=", which ends the key`);
        if (index > 0) text += ' ';
        const encodedKey = encodeExpandedWord(key, 'LABEL key');
        const encodedValue = bareWord(value) ?? encodeExpandedWord(value, `LABEL ${key} value`);
        text = `${text}${encodedKey}=${encodedValue}`;
      }
      return text;
    }
    case 'cmd':
    case 'entrypoint': {
      const keyword = step.kind === 'cmd' ? 'CMD' : 'ENTRYPOINT';
      // `CMD []` clears the inherited command (an empty exec form is valid only here).
      if (step.command.form === 'exec' && step.command.argv.length === 0) return `${keyword} []`;
      return `${keyword} ${emitCommand(step.command, keyword)}`;
    }
    case 'healthcheck':
      return emitHealthcheck(step);
    case 'shell':
      return `SHELL ${encodeExecArray(step.argv, 'SHELL')}`;
    case 'volume':
      return instruction('VOLUME', [encodePathList(step.paths, 'VOLUME path')]);
    case 'stopsignal':
      if (!SIGNAL.test(step.signal))
        throw new EmitValueError(`STOPSIGNAL "${step.signal}" is not a signal name or number`);
      return `STOPSIGNAL ${step.signal}`;
    case 'onbuild': {
      const inner = step.step;
      if (inner.kind === 'onbuild' || inner.kind === 'comment') {
        throw new EmitValueError(`ONBUILD cannot wrap ${inner.kind === 'onbuild' ? 'ONBUILD' : 'a comment'}`);
      }
      if (inner.kind === 'run' && inner.command.form === 'heredoc') {
        throw new EmitValueError('ONBUILD cannot wrap a heredoc RUN');
      }
      const text = emitStep(inner, context);
      if (text.includes('\n')) throw new EmitValueError('ONBUILD can only wrap a single-line instruction');
      return `ONBUILD ${text}`;
    }
    case 'comment':
      return encodeComment(step.text).join('\n');
    default:
      return assertNever(step);
  }
}

function emitRun(step: RunStep, context: EmitStepContext): string {
  // Flags appended one by one: most RUNs have none, and this is the emitter's hot path.
  let head = 'RUN ';
  for (let index = 0; index < step.mounts.length; index++)
    head += `--mount=${emitMount(step.mounts[index] as Mount, context)} `;
  if (step.network !== undefined) {
    head += `--network=${encodeFlagValue(step.network, 'network')} ${requireFeature('RUN --network', context)}`;
  }
  const { command } = step;
  switch (command.form) {
    case 'exec':
      return head + encodeExecArray(command.argv, 'RUN');
    case 'heredoc': {
      requireFeature('RUN heredoc', context);
      if (command.script.includes('\r') || command.script.includes('\0')) {
        throw new EmitValueError('RUN heredoc script contains CR or NUL');
      }
      assertWellFormed(command.script, 'RUN heredoc script');
      const delimiter = heredocDelimiter(command.script);
      return `${head}<<'${delimiter}'\n${command.script.replace(/\n$/, '')}\n${delimiter}`;
    }
    case 'shell': {
      if (command.commands.length === 0) throw new EmitValueError('RUN has no commands');
      // The first command starts the arguments even after flags: `--x` would be another flag there.
      // Later commands continue the line: ` \` then `    && command` on the next.
      let text = head;
      for (let index = 0; index < command.commands.length; index++) {
        const line = command.commands[index] as string;
        checkRunCommand(line, index + 1);
        text = index === 0 ? text + line : `${text} \\\n    && ${line}`;
      }
      return text;
    }
    default:
      return assertNever(command);
  }
}

function emitMount(mount: Mount, context: EmitStepContext): string {
  const fields: string[] = [`type=${mount.type}`];
  const add = (key: string, value: string | number | boolean | undefined) => {
    if (value === undefined || value === false) return;
    fields.push(value === true ? key : `${key}=${encodeMountField(String(value), key)}`);
  };
  switch (mount.type) {
    case 'cache':
      add('id', mount.id);
      add('target', mount.target);
      add('sharing', mount.sharing);
      add('from', mount.from === undefined ? undefined : isStage(mount.from) ? mount.from.name : mount.from);
      add('source', mount.source);
      add('readonly', mount.readonly);
      add('mode', mount.mode);
      add('uid', mount.uid);
      add('gid', mount.gid);
      break;
    case 'secret':
      add('id', mount.id);
      add('target', mount.target);
      if (mount.env !== undefined) requireFeature('RUN --mount=type=secret,env', context);
      add('env', mount.env);
      add('required', mount.required === undefined ? undefined : String(mount.required));
      add('mode', mount.mode);
      add('uid', mount.uid);
      add('gid', mount.gid);
      break;
    case 'ssh':
      add('id', mount.id);
      add('target', mount.target);
      add('required', mount.required === undefined ? undefined : String(mount.required));
      add('mode', mount.mode);
      add('uid', mount.uid);
      add('gid', mount.gid);
      break;
    case 'bind':
      add('from', mount.from === undefined ? undefined : isStage(mount.from) ? mount.from.name : mount.from);
      add('source', mount.source);
      add('target', mount.target);
      add('rw', mount.rw);
      break;
    case 'tmpfs':
      add('target', mount.target);
      add('size', mount.size);
      break;
    default:
      return assertNever(mount);
  }
  return fields.join(',');
}

function emitCommand(command: CommandForm, what: string): string {
  switch (command.form) {
    case 'exec':
      return encodeExecArray(command.argv, what);
    case 'shell': {
      if (command.commands.length !== 1) {
        throw new EmitValueError(`${what} in shell form takes exactly one command line`, 'join them with && yourself');
      }
      return checkShellCommand(command.commands[0] as string, what, true);
    }
    default:
      return assertNever(command);
  }
}

function emitHealthcheck(step: HealthcheckStep): string {
  if (step.check === undefined) return 'HEALTHCHECK NONE';
  const { check } = step;
  const flags: string[] = [];
  for (const [flag, value] of [
    ['interval', check.interval],
    ['timeout', check.timeout],
    ['start-period', check.startPeriod],
    ['start-interval', check.startInterval],
  ] as const) {
    if (value === undefined) continue;
    if (!DURATION.test(value)) throw new EmitValueError(`HEALTHCHECK --${flag}="${value}" is not a duration like 30s`);
    flags.push(`--${flag}=${value}`);
  }
  if (check.retries !== undefined) {
    if (!Number.isInteger(check.retries) || check.retries < 0) {
      throw new EmitValueError(`HEALTHCHECK --retries must be a non-negative integer, got ${check.retries}`);
    }
    flags.push(`--retries=${check.retries}`);
  }
  return instruction('HEALTHCHECK', [...flags, 'CMD', emitCommand(check.command, 'HEALTHCHECK CMD')]);
}

/**
 * `ENV A=x B=$A` substitutes A's value from BEFORE the line, not `x`. An expand() value that refers
 * to a variable set earlier in the same env() step would silently get the old value: refuse it.
 * (A reference to its own name, as in `PATH=/x:$PATH`, means the old value and is fine.)
 * Checks the variable at `index` against the ones before it.
 */
function checkNoSameLineReference(vars: EnvStep['vars'], index: number): void {
  const variable = vars[index] as EnvStep['vars'][number];
  const name = variable[0];
  const value = variable[1];
  if (!isExpandText(value)) return;
  for (let earlier = 0; earlier < index; earlier++) {
    const other = (vars[earlier] as EnvStep['vars'][number])[0];
    if (other === name) continue;
    if (new RegExp(`\\$\\{?${other}(?![\\p{L}\\p{Nd}_])`, 'u').test(value.text)) {
      throw new EmitValueError(
        `ENV ${name} refers to $${other}, which is set in the same ENV instruction: the builder would use ${other}'s value from before it`,
        `put ${name} in a separate env() step after the one that sets ${other}`,
      );
    }
  }
}

function envName(name: string, what: string): string {
  if (!ENV_NAME.test(name)) {
    throw new EmitValueError(`${what} name "${name}" is not a valid variable name ([A-Za-z_][A-Za-z0-9_]*)`);
  }
  return name;
}

/** Joins two encoded words with a separator, keeping one word even when either is quoted. */
function joinWords(left: string, right: string, separator: string): string {
  const unquote = (word: string) => (word.startsWith('"') ? word.slice(1, -1) : word);
  if (!left.startsWith('"') && !right.startsWith('"')) return `${left}${separator}${right}`;
  return `"${unquote(left)}${separator}${unquote(right)}"`;
}

function instruction(keyword: string, parts: readonly string[]): string {
  let text = keyword;
  for (const part of parts) if (part !== '') text += ` ${part}`;
  return text;
}

function requireFeature(feature: Feature, context: EmitStepContext): '' {
  const required = FEATURE_LEVELS[feature];
  if (!levelAtLeast(context.syntax, required)) {
    throw new EmitValueError(
      `${feature} needs Dockerfile syntax ${required}, above Docker Engine 20.10's built-in frontend`,
      `set syntax: '${required}' in defineConfig (the builder will then pull docker/dockerfile:${required}), or drop the feature`,
    );
  }
  return '';
}

export function assertNever(value: never): never {
  throw new Error(`unhandled IR node: ${JSON.stringify(value)}`);
}
