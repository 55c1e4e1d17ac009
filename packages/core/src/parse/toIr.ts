/**
 * From a parsed Dockerfile to records close to our IR: stages (name, base image or stage, platform)
 * holding frozen IR steps, plus the global ARGs. Values are decoded the way BuildKit's builder reads
 * them (quotes and escapes removed, JSON paths decoded) while variable references are kept for the
 * builder (`expand()` text). Every instruction keeps its lines and original text. Whatever our IR
 * cannot hold, or BuildKit itself would reject, becomes a warning with its line: nothing is dropped
 * silently.
 */
import { deepFreeze } from '../ir/freeze.js';
import type { BindMount, CacheMount, Mount, SecretMount, SshMount, TmpfsMount } from '../ir/mounts.js';
import type { Origin } from '../ir/origin.js';
import type { Stage } from '../ir/stage.js';
import type {
  AddStep,
  ArgStep,
  CommandForm,
  CommentStep,
  CopyStep,
  HealthcheckStep,
  RunStep,
  Step,
  UserStep,
} from '../ir/steps.js';
import { expand, type Text } from '../ir/text.js';
import { stepSchema } from '../schema/ir.js';
import { formatPath } from '../schema/parse.js';
import type { DockerfileAst, DockerfileComment, Instruction, ParserDirective } from './ast.js';
import { commandHeredocScript } from './commandHeredocScript.js';
import { goQuote, goToLower, goToUpper, trimGoSpace } from './goText.js';
import { chompHeredocContent, type ParseOptions, parseDockerfile, parseHeredoc } from './parser.js';
import { decodeWord, ShellLexError } from './shellLex.js';

export interface ImportWarning {
  /** 1-based first line of the instruction (or comment) concerned. */
  readonly line: number;
  readonly endLine: number;
  readonly message: string;
  /** The instruction as the parser saw it (continuations joined). */
  readonly original?: string;
}

/** One IR step with where it came from. */
export interface ImportedStep {
  readonly step: Step;
  readonly startLine: number;
  readonly endLine: number;
  /** The instruction text as parsed (for comment steps, the comment lines). */
  readonly original: string;
  /** BuildKit's comment block right before the instruction (`#` removed). */
  readonly comments: readonly string[];
}

export type ImportedBase =
  | { readonly kind: 'image'; readonly image: string }
  | { readonly kind: 'stage'; readonly name: string; readonly index: number };

export interface ImportedStage {
  /** 0-based position among the stages. */
  readonly index: number;
  /** The stage name (lower-cased, as BuildKit uses it), or `stage-<index>` for an unnamed stage. */
  readonly name: string;
  /** False when the Dockerfile did not name the stage and `name` was made up. */
  readonly named: boolean;
  readonly from: ImportedBase;
  /** `FROM --platform=...`, as written (variables kept). */
  readonly platform?: string;
  readonly steps: readonly ImportedStep[];
  /** The same stage as an IR value; `from` is the earlier IR stage when it names one. */
  readonly stage: Stage;
  readonly startLine: number;
  readonly endLine: number;
  readonly original: string;
  readonly comments: readonly string[];
}

export interface ImportedDockerfile {
  readonly file: string;
  readonly directives: readonly ParserDirective[];
  readonly escapeToken: '\\' | '`';
  /** The `# syntax=` directive's value, if any. */
  readonly syntax?: string;
  /** ARG steps (and comments) before the first FROM: usable in FROM lines only. */
  readonly globalArgs: readonly ImportedStep[];
  readonly stages: readonly ImportedStage[];
  /** Every comment of the file with its line (also carried into the steps as comment steps). */
  readonly comments: readonly DockerfileComment[];
  readonly warnings: readonly ImportWarning[];
}

export interface ToIrOptions {
  /** File name for origins and messages. Default: `Dockerfile`. */
  readonly file?: string;
  /** Turn comments into `comment` steps (default true). */
  readonly comments?: boolean;
}

/** Parses and converts a Dockerfile. Throws DockerfileParseError where BuildKit's parser fails. */
export function importDockerfile(
  source: string | Uint8Array,
  options: ToIrOptions & ParseOptions = {},
): ImportedDockerfile {
  return dockerfileToIr(parseDockerfile(source, options), options);
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
const DURATION = /^\d+(\.\d+)?(ns|us|ms|s|m|h)$/;
const PORT = /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\d{1,5}(-\d{1,5})?)(\/(tcp|udp|sctp))?$/;

/** Converts a parsed Dockerfile into IR records. Never throws for instruction-level problems. */
export function dockerfileToIr(ast: DockerfileAst, options: ToIrOptions = {}): ImportedDockerfile {
  return new Converter(ast, options).run();
}

type FlagKind = 'bool' | 'string' | 'strings';
type FlagValues = Map<string, string | boolean | string[]>;

class Converter {
  private readonly file: string;
  private readonly warnings: ImportWarning[] = [];
  private readonly globalArgs: ImportedStep[] = [];
  private readonly stages: ImportedStage[] = [];
  private readonly pendingComments: DockerfileComment[];
  private current:
    | {
        index: number;
        name: string;
        named: boolean;
        from: ImportedBase;
        fromStage?: Stage;
        image: string;
        platform?: string;
        steps: ImportedStep[];
        instruction: Instruction;
      }
    | undefined;
  /** The instruction being converted, for warnings. */
  private at: Instruction | undefined;

  constructor(
    private readonly ast: DockerfileAst,
    options: ToIrOptions,
  ) {
    this.file = options.file ?? 'Dockerfile';
    this.pendingComments = options.comments === false ? [] : [...ast.comments];
  }

  run(): ImportedDockerfile {
    for (const instruction of this.ast.instructions) {
      this.at = instruction;
      const comments = this.takeComments(instruction.endLine);
      if (instruction.name === 'from') {
        this.finishStage();
        this.startStage(instruction);
        this.target().push(...comments);
        continue;
      }
      this.target().push(...comments);
      if (!this.current && instruction.name !== 'arg') {
        this.warn(`${instruction.keyword} before the first FROM is not allowed (no build stage in current context)`);
        continue;
      }
      for (const step of this.convert(instruction)) {
        if (this.valid(step)) this.target().push(this.record(step, instruction));
      }
    }
    this.target().push(...this.takeComments(Number.POSITIVE_INFINITY));
    this.finishStage();
    const syntax = this.ast.directives.find((d) => d.name === 'syntax')?.value;
    return deepFreeze({
      file: this.file,
      directives: this.ast.directives,
      escapeToken: this.ast.escapeToken,
      ...(syntax !== undefined ? { syntax } : {}),
      globalArgs: this.globalArgs,
      stages: this.stages,
      comments: this.ast.comments,
      warnings: this.warnings,
    });
  }

  private target(): ImportedStep[] {
    return this.current ? this.current.steps : this.globalArgs;
  }

  // --- comments -------------------------------------------------------------------------------

  /** Comment steps for the comments up to `line`, one per block of adjacent comment lines. */
  private takeComments(line: number): ImportedStep[] {
    const taken: DockerfileComment[] = [];
    while (this.pendingComments.length > 0 && (this.pendingComments[0] as DockerfileComment).line <= line) {
      taken.push(this.pendingComments.shift() as DockerfileComment);
    }
    const blocks: DockerfileComment[][] = [];
    for (const comment of taken) {
      const block = blocks[blocks.length - 1];
      const last = block?.[block.length - 1];
      if (block && last && comment.line === last.line + 1 && comment.inContinuation === last.inContinuation) {
        block.push(comment);
      } else {
        blocks.push([comment]);
      }
    }
    return blocks.map((block) => {
      const first = block[0] as DockerfileComment;
      const last = block[block.length - 1] as DockerfileComment;
      const step: CommentStep = {
        kind: 'comment',
        text: block.map((c) => c.text).join('\n'),
        origin: this.origin(first.line),
      };
      return deepFreeze({
        step,
        startLine: first.line,
        endLine: last.line,
        original: block.map((c) => c.raw).join('\n'),
        comments: [],
      });
    });
  }

  // --- stages ---------------------------------------------------------------------------------

  private startStage(instruction: Instruction): void {
    const index = this.stages.length;
    const flags = this.flags(instruction, { platform: 'string' });
    const args = instruction.args;
    let name: string | undefined;
    if (args.length === 3 && (args[1] as string).toLowerCase() === 'as') {
      name = goToLower(args[2] as string);
      if (!STAGE_NAME.test(name)) {
        this.warn(
          `invalid name for build stage: ${goQuote(args[2] as string)}, name can't start with a number or contain symbols`,
        );
        name = undefined;
      }
    } else if (args.length !== 1) {
      this.warn('FROM requires either one or three arguments');
    }
    if (name !== undefined && this.stages.some((stage) => stage.named && stage.name === name)) {
      this.warn(`duplicate stage name ${goQuote(name)}`);
    }
    // The emitter writes the image as is, so the builder still expands its variables.
    const image = args.length > 0 ? this.word(args[0] as string, 'FROM image', 'raw') : 'scratch';
    if (args.length === 0) this.warn('FROM without an image; imported as scratch');
    const earlier = [...this.stages].reverse().find((stage) => stage.name === goToLower(image) && stage.named);
    const platform = typeof flags.get('platform') === 'string' ? (flags.get('platform') as string) : undefined;
    this.current = {
      index,
      name: name ?? this.freshName(index),
      named: name !== undefined,
      from: earlier ? { kind: 'stage', name: earlier.name, index: earlier.index } : { kind: 'image', image },
      ...(earlier ? { fromStage: earlier.stage } : {}),
      image,
      ...(platform !== undefined ? { platform } : {}),
      steps: [],
      instruction,
    };
  }

  private freshName(index: number): string {
    const taken = new Set(
      this.ast.instructions
        .filter((i) => i.name === 'from' && i.args.length === 3)
        .map((i) => goToLower(i.args[2] as string)),
    );
    let name = `stage-${index}`;
    for (let n = 1; taken.has(name); n++) name = `stage-${index}-${n}`;
    return name;
  }

  private finishStage(): void {
    const current = this.current;
    if (!current) return;
    const instruction = current.instruction;
    const stage: Stage = deepFreeze({
      kind: 'stage',
      name: current.name,
      from: current.fromStage ?? current.image,
      ...(current.platform !== undefined ? { platform: current.platform } : {}),
      items: current.steps.map((s) => s.step),
      origin: this.origin(instruction.startLine),
    });
    const last = current.steps[current.steps.length - 1];
    this.stages.push(
      deepFreeze({
        index: current.index,
        name: current.name,
        named: current.named,
        from: current.from,
        ...(current.platform !== undefined ? { platform: current.platform } : {}),
        steps: current.steps,
        stage,
        startLine: instruction.startLine,
        endLine: Math.max(instruction.endLine, last?.endLine ?? 0),
        original: instruction.original,
        comments: instruction.comments,
      }),
    );
    this.current = undefined;
  }

  /** The IR stage an earlier stage name or index refers to (`COPY --from`, mount `from`). */
  private stageRef(value: string): Stage | string {
    const lower = goToLower(value);
    const byName = [...this.stages].reverse().find((stage) => stage.named && stage.name === lower);
    if (byName) return byName.stage;
    if (/^[0-9]+$/.test(value)) {
      const byIndex = this.stages[Number(value)];
      if (byIndex) return byIndex.stage;
      this.warn(`stage index ${value} does not name an earlier stage`);
      return value;
    }
    const later = this.ast.instructions.some(
      (i) => i.name === 'from' && i.args.length === 3 && goToLower(i.args[2] as string) === lower,
    );
    if (later || (this.current?.named && this.current.name === lower)) {
      this.warn(`${goQuote(value)} names the current or a later stage; kept as an image name`);
    }
    return value;
  }

  // --- instructions ---------------------------------------------------------------------------

  private convert(instruction: Instruction): Step[] {
    switch (instruction.name) {
      case 'arg':
        return this.convertArg(instruction);
      case 'env':
        return this.convertPairs(instruction, 'ENV');
      case 'label':
        return this.convertPairs(instruction, 'LABEL');
      case 'run':
        return this.convertRun(instruction);
      case 'cmd':
      case 'entrypoint':
        return this.convertCommand(instruction, instruction.name);
      case 'copy':
      case 'add':
        return this.convertCopy(instruction, instruction.name);
      case 'workdir':
        return this.single(instruction, 'WORKDIR', (value) => [
          { kind: 'workdir', path: this.text(value, 'WORKDIR path'), origin: this.here() },
        ]);
      case 'user':
        return this.single(instruction, 'USER', (value) => {
          const user: UserStep = { kind: 'user', user: this.text(value, 'USER'), origin: this.here() };
          return [user];
        });
      case 'stopsignal':
        return this.single(instruction, 'STOPSIGNAL', (value) => [
          { kind: 'stopsignal', signal: this.word(value, 'STOPSIGNAL', 'raw'), origin: this.here() },
        ]);
      case 'expose':
        return this.convertExpose(instruction);
      case 'volume':
        return this.convertVolume(instruction);
      case 'shell':
        return this.convertShell(instruction);
      case 'healthcheck':
        return this.convertHealthcheck(instruction);
      case 'onbuild':
        return this.convertOnbuild(instruction);
      case 'maintainer':
        this.flags(instruction, {});
        this.warn(
          `MAINTAINER (deprecated) sets the image author, which the IR has no step for; use a label such as org.opencontainers.image.authors=${goQuote(instruction.args[0] ?? '')}`,
        );
        return [];
      case 'from':
        this.warn('FROM cannot be used here');
        return [];
      default:
        this.warn(`unknown instruction: ${instruction.keyword}`);
        return [];
    }
  }

  private single(instruction: Instruction, what: string, make: (value: string) => Step[]): Step[] {
    this.flags(instruction, {});
    if (instruction.args.length !== 1) {
      this.warn(`${what} requires exactly one argument`);
      return [];
    }
    return make(instruction.args[0] as string);
  }

  private convertArg(instruction: Instruction): Step[] {
    this.flags(instruction, {});
    if (instruction.args.length === 0) {
      this.warn('ARG requires at least one argument');
      return [];
    }
    const steps: ArgStep[] = [];
    for (const arg of instruction.args) {
      const eq = arg.indexOf('=');
      const rawName = eq < 0 ? arg : arg.slice(0, eq);
      if (rawName === '') {
        this.warn('ARG names can not be blank');
        continue;
      }
      const name = this.word(rawName, 'ARG name', 'plain');
      if (!ENV_NAME.test(name)) this.warn(`ARG name ${goQuote(name)} is not a valid variable name`);
      const step: ArgStep =
        eq < 0
          ? { kind: 'arg', name, origin: this.here() }
          : { kind: 'arg', name, default: this.text(arg.slice(eq + 1), `ARG ${name} default`), origin: this.here() };
      steps.push(step);
    }
    return steps;
  }

  private convertPairs(instruction: Instruction, what: 'ENV' | 'LABEL'): Step[] {
    this.flags(instruction, {});
    const args = instruction.args;
    if (args.length === 0) {
      this.warn(`${what} requires at least one argument`);
      return [];
    }
    const pairs: [string, Text][] = [];
    for (let i = 0; i < args.length; i += 3) {
      const rawKey = args[i] as string;
      if (rawKey === '') {
        this.warn(`${what} names can not be blank`);
        continue;
      }
      const key = this.word(rawKey, `${what} name`, 'plain');
      if (what === 'ENV' && !ENV_NAME.test(key)) this.warn(`ENV name ${goQuote(key)} is not a valid variable name`);
      if (what === 'LABEL' && key.includes('=')) this.warn(`LABEL key ${goQuote(key)} contains "="`);
      pairs.push([key, this.text(args[i + 1] ?? '', `${what} ${key} value`)]);
    }
    if (pairs.length === 0) return [];
    return what === 'ENV'
      ? [{ kind: 'env', vars: pairs, origin: this.here() }]
      : [{ kind: 'label', labels: pairs, origin: this.here() }];
  }

  private convertRun(instruction: Instruction): Step[] {
    const flags = this.flags(instruction, {
      mount: 'strings',
      network: 'string',
      security: 'string',
      device: 'strings',
    });
    const mounts: Mount[] = [];
    for (const value of (flags.get('mount') as string[] | undefined) ?? []) {
      const mount = this.mount(value);
      if (mount) mounts.push(mount);
    }
    let network: RunStep['network'];
    const networkFlag = flags.get('network');
    if (typeof networkFlag === 'string') {
      if (networkFlag === 'default' || networkFlag === 'none' || networkFlag === 'host') network = networkFlag;
      else this.warn(`invalid network mode ${goQuote(networkFlag)}; --network dropped`);
    }
    if (flags.has('security')) this.warn(`RUN --security=${flags.get('security')} has no IR field; dropped`);
    if (flags.has('device')) this.warn('RUN --device has no IR field; dropped');

    let command: RunStep['command'] | undefined;
    if (instruction.heredocs.length > 0) {
      command = this.runHeredoc(instruction);
      if (!command) return [];
    } else if (instruction.json) {
      command = { form: 'exec', argv: [...instruction.args] };
    } else if (instruction.args.length === 0) {
      this.warn('RUN without a command');
      return [];
    } else {
      command = { form: 'shell', commands: [instruction.args[0] as string] };
    }
    const step: RunStep = {
      kind: 'run',
      command,
      mounts,
      ...(network !== undefined ? { network } : {}),
      origin: this.here(),
    };
    return [step];
  }

  /** `RUN <<EOF` alone runs the body with the shell: a heredoc script; so does a command with heredocs. */
  private runHeredoc(instruction: Instruction): RunStep['command'] | undefined {
    const [first] = instruction.heredocs;
    const line = instruction.args[0] ?? '';
    const opener = safeHeredoc(line);
    if (instruction.heredocs.length === 1 && first && opener && opener.name === first.name) {
      if (first.fileDescriptor !== 0) {
        this.warn(`RUN heredoc on file descriptor ${first.fileDescriptor} cannot be represented`);
        return undefined;
      }
      return { form: 'heredoc', script: first.chomp ? chompHeredocContent(first.content) : first.content };
    }
    const script = commandHeredocScript(instruction);
    if (script !== undefined) return { form: 'heredoc', script };
    this.warn(
      `RUN with a heredoc after a line starting with #! (${goQuote(line)}) cannot be represented: a heredoc script starting with #! runs as a file`,
    );
    return undefined;
  }

  private convertCommand(instruction: Instruction, kind: 'cmd' | 'entrypoint'): Step[] {
    this.flags(instruction, {});
    const command = this.commandForm(instruction.args, instruction.json, kind.toUpperCase());
    return command ? [{ kind, command, origin: this.here() }] : [];
  }

  private commandForm(args: readonly string[], json: boolean, what: string): CommandForm | undefined {
    if (json) {
      return { form: 'exec', argv: [...args] };
    }
    if (args.length === 0) {
      this.warn(`${what} without a command`);
      return undefined;
    }
    return { form: 'shell', commands: [args.join(' ')] };
  }

  private convertCopy(instruction: Instruction, kind: 'copy' | 'add'): Step[] {
    const flags =
      kind === 'copy'
        ? this.flags(instruction, {
            chown: 'string',
            from: 'string',
            chmod: 'string',
            link: 'bool',
            exclude: 'strings',
            parents: 'bool',
          })
        : this.flags(instruction, {
            chown: 'string',
            chmod: 'string',
            link: 'bool',
            'keep-git-dir': 'bool',
            checksum: 'string',
            unpack: 'bool',
            exclude: 'strings',
          });
    const what = kind.toUpperCase();
    const args = instruction.args;
    if (args.length < 2) {
      this.warn(
        `${what} requires at least two arguments, but only one was provided. Destination could not be determined`,
      );
      return [];
    }
    const dest = args[args.length - 1] as string;
    if (safeHeredoc(dest)) {
      this.warn(`${what} cannot accept a heredoc as a destination`);
      return [];
    }
    const sources = args.slice(0, -1);
    const inline = sources.filter((source) => safeHeredoc(source));
    if (inline.length > 0) {
      this.warn(
        `${what} with inline heredoc file(s) ${inline.join(' ')} cannot be represented: the IR copies paths only; step skipped`,
      );
      return [];
    }
    const paths = sources.map((source) => this.word(source, `${what} source`, 'path'));
    const destination = this.word(dest, `${what} destination`, 'path');
    const common = {
      sources: paths,
      dest: destination,
      ...optional('chown', stringFlag(flags, 'chown')),
      ...optional('chmod', stringFlag(flags, 'chmod')),
      ...(flags.get('link') === true ? { link: true } : {}),
      origin: this.here(),
    };
    const exclude = flags.get('exclude') as string[] | undefined;
    if (kind === 'copy') {
      const from = flags.get('from');
      const step: CopyStep = {
        kind: 'copy',
        ...common,
        ...(typeof from === 'string' ? { from: this.stageRef(from) } : {}),
        ...(exclude ? { exclude } : {}),
        ...(flags.get('parents') === true ? { parents: true } : {}),
      };
      return [step];
    }
    if (exclude) this.warn('ADD --exclude has no IR field; dropped');
    if (flags.has('keep-git-dir')) this.warn('ADD --keep-git-dir has no IR field; dropped');
    if (flags.has('unpack')) this.warn('ADD --unpack has no IR field; dropped');
    const step: AddStep = { kind: 'add', ...common, ...optional('checksum', stringFlag(flags, 'checksum')) };
    return [step];
  }

  private convertExpose(instruction: Instruction): Step[] {
    this.flags(instruction, {});
    if (instruction.args.length === 0) {
      this.warn('EXPOSE requires at least one argument');
      return [];
    }
    const ports = instruction.args.map((arg) => this.word(arg, 'EXPOSE port', 'raw'));
    for (const port of ports) {
      if (!PORT.test(port)) this.warn(`EXPOSE ${goQuote(port)} is not a port, range or $VAR the emitter accepts`);
    }
    return [{ kind: 'expose', ports, origin: this.here() }];
  }

  private convertVolume(instruction: Instruction): Step[] {
    this.flags(instruction, {});
    if (instruction.args.length === 0) {
      this.warn('VOLUME requires at least one argument');
      return [];
    }
    const paths: string[] = [];
    for (const arg of instruction.args) {
      const path = trimGoSpace(this.word(arg, 'VOLUME path', 'path'));
      if (path === '') this.warn('VOLUME specified can not be an empty string');
      else paths.push(path);
    }
    return paths.length > 0 ? [{ kind: 'volume', paths, origin: this.here() }] : [];
  }

  private convertShell(instruction: Instruction): Step[] {
    this.flags(instruction, {});
    if (!instruction.json) {
      this.warn('SHELL requires the arguments to be in JSON form');
      return [];
    }
    if (instruction.args.length === 0) {
      this.warn('SHELL requires at least one argument');
      return [];
    }
    return [{ kind: 'shell', argv: [...instruction.args], origin: this.here() }];
  }

  private convertHealthcheck(instruction: Instruction): Step[] {
    const [rawType, ...rest] = instruction.args;
    if (rawType === undefined) {
      this.warn('HEALTHCHECK requires at least one argument');
      return [];
    }
    const type = goToUpper(rawType);
    if (type === 'NONE') {
      if (rest.length > 0) {
        this.warn('HEALTHCHECK NONE takes no arguments');
        return [];
      }
      if (instruction.flags.length > 0) this.warn('flags of HEALTHCHECK NONE are ignored by the builder; dropped');
      const none: HealthcheckStep = { kind: 'healthcheck', origin: this.here() };
      return [none];
    }
    const flags = this.flags(instruction, {
      interval: 'string',
      timeout: 'string',
      'start-period': 'string',
      'start-interval': 'string',
      retries: 'string',
    });
    if (type !== 'CMD') {
      this.warn(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`);
      return [];
    }
    if (rest.length === 0) {
      this.warn('Missing command after HEALTHCHECK CMD');
      return [];
    }
    const command = this.commandForm(rest, instruction.json, 'HEALTHCHECK CMD');
    if (!command) return [];
    const check: {
      -readonly [K in keyof NonNullable<HealthcheckStep['check']>]: NonNullable<HealthcheckStep['check']>[K];
    } = { command };
    for (const [flag, key] of [
      ['interval', 'interval'],
      ['timeout', 'timeout'],
      ['start-period', 'startPeriod'],
      ['start-interval', 'startInterval'],
    ] as const) {
      const value = flags.get(flag);
      if (typeof value !== 'string' || value === '') continue;
      if (!DURATION.test(value)) this.warn(`HEALTHCHECK --${flag}=${value} is not a simple duration like 30s`);
      check[key] = value;
    }
    const retries = flags.get('retries');
    if (typeof retries === 'string' && retries !== '') {
      if (/^[+-]?[0-9]+$/.test(retries) && Number(retries) >= 0 && Number(retries) <= 2147483647) {
        check.retries = Number(retries);
      } else {
        this.warn(`HEALTHCHECK --retries=${retries} is not a non-negative integer; dropped`);
      }
    }
    return [{ kind: 'healthcheck', check, origin: this.here() }];
  }

  private convertOnbuild(instruction: Instruction): Step[] {
    this.flags(instruction, {});
    const trigger = instruction.trigger;
    if (!trigger) {
      this.warn('ONBUILD requires at least one argument');
      return [];
    }
    const name = goToUpper(trimGoSpace(trigger.keyword));
    if (name === 'ONBUILD') {
      this.warn("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      return [];
    }
    if (name === 'MAINTAINER' || name === 'FROM') {
      this.warn(`${name} isn't allowed as an ONBUILD trigger`);
      return [];
    }
    // Heredocs of the trigger hang on the ONBUILD instruction.
    const inner = this.convert({ ...trigger, heredocs: instruction.heredocs });
    if (inner.length !== 1) {
      if (inner.length > 1) this.warn('ONBUILD trigger became several steps; only one can be wrapped');
      return [];
    }
    const step = inner[0] as Step;
    if (step.kind === 'run' && step.command.form === 'heredoc') {
      this.warn('ONBUILD RUN with a heredoc cannot be represented (the emitter writes ONBUILD on one line)');
      return [];
    }
    return [{ kind: 'onbuild', step, origin: this.here() }];
  }

  // --- flags and mounts -----------------------------------------------------------------------

  /** BuildKit's BFlags: known flags by kind; anything else is an error BuildKit would fail on. */
  private flags(instruction: Instruction, spec: Record<string, FlagKind>): FlagValues {
    const values: FlagValues = new Map();
    for (const arg of instruction.flags) {
      if (arg === '--') break;
      if (!arg.startsWith('--')) {
        this.warn(`arg should start with -- : ${arg}`);
        continue;
      }
      const eq = arg.indexOf('=');
      const flagName = eq < 0 ? arg : arg.slice(0, eq);
      const hasValue = eq >= 0;
      const value = hasValue ? arg.slice(eq + 1) : '';
      const name = flagName.slice(2);
      const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
      if (kind === undefined) {
        this.warn(`unknown flag: ${flagName} (BuildKit rejects it); dropped`);
        continue;
      }
      if (values.has(name) && kind !== 'strings') {
        this.warn(`duplicate flag specified: ${flagName}; the first is kept`);
        continue;
      }
      switch (kind) {
        case 'bool': {
          if (hasValue && value === '') {
            this.warn(`missing a value on flag: ${flagName}`);
            continue;
          }
          const lower = value.toLowerCase();
          if (lower === 'true' || lower === '') values.set(name, true);
          else if (lower === 'false') values.set(name, false);
          else this.warn(`expecting boolean value for flag ${flagName}, not: ${value}`);
          break;
        }
        case 'string':
          if (!hasValue) this.warn(`missing a value on flag: ${flagName}`);
          else values.set(name, value);
          break;
        case 'strings':
          if (!hasValue) this.warn(`missing a value on flag: ${flagName}`);
          else values.set(name, [...((values.get(name) as string[] | undefined) ?? []), value]);
          break;
      }
    }
    return values;
  }

  /** One `--mount=` value as an IR mount, or undefined (with a warning) when it does not fit. */
  private mount(value: string): Mount | undefined {
    const fields = csvFields(value);
    if (!fields) {
      this.warn(`failed to parse csv mounts: ${goQuote(value)}`);
      return undefined;
    }
    const m = new Map<string, string>();
    const flagsOnly = new Set<string>();
    let type = 'bind';
    for (const field of fields) {
      const eq = field.indexOf('=');
      const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
      if (eq < 0) {
        if (['readonly', 'ro', 'readwrite', 'rw', 'required'].includes(key)) flagsOnly.add(key);
        else {
          this.warn(`invalid field '${field}' must be a key=value pair`);
          return undefined;
        }
        continue;
      }
      const fieldValue = field.slice(eq + 1);
      if (key === 'type') type = fieldValue.toLowerCase();
      else m.set(canonicalMountKey(key), fieldValue);
    }
    const unknown = [...m.keys()].filter(
      (key) =>
        ![
          'from',
          'source',
          'target',
          'readonly',
          'readwrite',
          'id',
          'sharing',
          'required',
          'size',
          'mode',
          'uid',
          'gid',
          'env',
        ].includes(key),
    );
    if (unknown.length > 0) {
      this.warn(`unexpected key '${unknown[0]}' in --mount=${value}`);
      return undefined;
    }
    const bool = (key: 'readonly' | 'readwrite' | 'required'): boolean | undefined => {
      const short = key === 'readonly' ? 'ro' : key === 'readwrite' ? 'rw' : key;
      if (flagsOnly.has(key) || flagsOnly.has(short)) return true;
      const raw = m.get(key);
      if (raw === undefined) return undefined;
      const parsed = goParseBool(raw);
      if (parsed === undefined) this.warn(`invalid value for ${key}: ${raw}`);
      return parsed;
    };
    const number = (key: 'uid' | 'gid'): number | undefined => {
      const raw = m.get(key);
      if (raw === undefined) return undefined;
      if (!/^[0-9]+$/.test(raw) || Number(raw) > 0xffffffff) {
        this.warn(`invalid value ${raw} for ${key}`);
        return undefined;
      }
      return Number(raw);
    };
    const readonly = bool('readonly');
    const readwrite = bool('readwrite');
    const readOnly = readwrite !== undefined ? !readwrite : readonly;
    const from = m.get('from');
    const fromRef = from !== undefined ? this.stageRef(from) : undefined;
    const target = m.get('target');
    const ignored = (keys: string[]) => {
      for (const key of keys) if (m.has(key)) this.warn(`--mount ${key}= is not allowed for type=${type}; dropped`);
    };
    switch (type) {
      case 'cache': {
        if (target === undefined) {
          this.warn('cache mount without a target cannot be represented');
          return undefined;
        }
        ignored(['env', 'size', 'required']);
        const sharing = m.get('sharing')?.toLowerCase();
        if (sharing !== undefined && sharing !== 'shared' && sharing !== 'private' && sharing !== 'locked') {
          this.warn(`unsupported sharing value ${goQuote(sharing)}`);
        }
        const mount: CacheMount = {
          type: 'cache',
          target,
          ...optional('id', m.get('id')),
          ...(sharing === 'shared' || sharing === 'private' || sharing === 'locked' ? { sharing } : {}),
          ...(readOnly === true ? { readonly: true } : {}),
          ...(fromRef !== undefined ? { from: fromRef } : {}),
          ...optional('source', m.get('source')),
          ...optional('mode', m.get('mode')),
          ...optional('uid', number('uid')),
          ...optional('gid', number('gid')),
        };
        return mount;
      }
      case 'secret': {
        ignored(['from', 'sharing', 'size']);
        const id = m.get('id') ?? m.get('source') ?? (target !== undefined ? target.split('/').pop() : undefined);
        if (id === undefined || id === '') {
          this.warn('invalid secret mount. one of source, target required');
          return undefined;
        }
        if (m.has('id') && m.has('source')) this.warn("both source and id can't be set");
        const required = bool('required');
        const mount: SecretMount = {
          type: 'secret',
          id,
          ...optional('target', target),
          ...optional('env', m.get('env')),
          ...optional('required', required),
          ...optional('mode', m.get('mode')),
          ...optional('uid', number('uid')),
          ...optional('gid', number('gid')),
        };
        return mount;
      }
      case 'ssh': {
        ignored(['from', 'sharing', 'size', 'source', 'env']);
        const required = bool('required');
        const mount: SshMount = {
          type: 'ssh',
          ...optional('id', m.get('id')),
          ...optional('target', target),
          ...optional('required', required),
          ...optional('mode', m.get('mode')),
          ...optional('uid', number('uid')),
          ...optional('gid', number('gid')),
        };
        return mount;
      }
      case 'bind': {
        if (target === undefined) {
          this.warn('bind mount without a target cannot be represented');
          return undefined;
        }
        ignored(['id', 'sharing', 'size', 'mode', 'uid', 'gid', 'env', 'required']);
        const mount: BindMount = {
          type: 'bind',
          target,
          ...optional('source', m.get('source')),
          ...(fromRef !== undefined ? { from: fromRef } : {}),
          ...(readOnly === false ? { rw: true } : {}),
        };
        return mount;
      }
      case 'tmpfs': {
        if (target === undefined) {
          this.warn('tmpfs mount without a target cannot be represented');
          return undefined;
        }
        ignored(['from', 'source', 'id', 'sharing', 'mode', 'uid', 'gid', 'env', 'required']);
        const rawSize = m.get('size');
        const size = rawSize !== undefined ? ramInBytes(rawSize) : undefined;
        if (rawSize !== undefined && size === undefined) this.warn(`invalid value for size: ${rawSize}`);
        const mount: TmpfsMount = { type: 'tmpfs', target, ...optional('size', size) };
        return mount;
      }
      default:
        this.warn(`unsupported mount type ${goQuote(type)}`);
        return undefined;
    }
  }

  // --- words ----------------------------------------------------------------------------------

  /**
   * A word decoded as the builder reads it (quotes and escapes removed). Variable references stay
   * as written; in a `path` (COPY/ADD/VOLUME) the emitter would write them literally, so warn.
   */
  private word(raw: string, what: string, kind: 'plain' | 'raw' | 'path'): string {
    const decoded = this.decode(raw, what);
    if (!decoded) return raw;
    if (decoded.variables.length > 0 && kind !== 'raw') {
      this.warn(
        `${what} ${goQuote(raw)} uses ${decoded.variables.join(', ')}, which the builder expands but the IR keeps as literal text`,
      );
    }
    return decoded.text;
  }

  /** A builder-expanded value (ENV, LABEL, ARG default, WORKDIR, USER) as IR Text. */
  private text(raw: string, what: string): Text {
    const decoded = this.decode(raw, what);
    if (!decoded) return raw;
    if (decoded.variables.length === 0) return decoded.text;
    if (decoded.literalDollar) {
      this.warn(`${what} ${goQuote(raw)} mixes a literal "$" with variables; the IR expands every "$" in it`);
    }
    const awkward = decoded.variables.filter((v) => /[\\"'`]/.test(v));
    if (awkward.length > 0) {
      this.warn(`${what}: quotes or escapes inside ${awkward.join(', ')} would be re-escaped by the emitter`);
    }
    return expand(decoded.text);
  }

  private decode(raw: string, what: string): ReturnType<typeof decodeWord> | undefined {
    try {
      return decodeWord(raw, this.ast.escapeToken);
    } catch (error) {
      if (!(error instanceof ShellLexError)) throw error;
      this.warn(`${what}: ${error.message} (BuildKit fails on it); kept as written`);
      return undefined;
    }
  }

  // --- records --------------------------------------------------------------------------------

  private origin(line: number): Origin {
    return { fragment: 'import', callSite: { file: this.file, line, column: 1 } };
  }

  private here(): Origin {
    return this.origin(this.at?.startLine ?? 0);
  }

  /** Checks a step against the IR schema the step factories use; what fails is warned and skipped. */
  private valid(step: Step): boolean {
    const result = stepSchema().safeParse(step);
    if (result.success) return true;
    const issue = result.error.issues[0];
    const path = formatPath(issue?.path ?? []);
    this.warn(
      `${step.kind.toUpperCase()} cannot be represented in the IR (${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}); step skipped`,
    );
    return false;
  }

  private record(step: Step, instruction: Instruction): ImportedStep {
    return deepFreeze({
      step: deepFreeze(step),
      startLine: instruction.startLine,
      endLine: instruction.endLine,
      original: instruction.original,
      comments: instruction.comments,
    });
  }

  private warn(message: string): void {
    const at = this.at;
    this.warnings.push(
      at
        ? { line: at.startLine, endLine: at.endLine, message, original: at.original }
        : { line: 0, endLine: 0, message },
    );
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

function safeHeredoc(word: string) {
  try {
    return parseHeredoc(word);
  } catch {
    return undefined;
  }
}

function canonicalMountKey(key: string): string {
  switch (key) {
    case 'src':
      return 'source';
    case 'dst':
    case 'destination':
      return 'target';
    case 'ro':
      return 'readonly';
    case 'rw':
      return 'readwrite';
    default:
      return key;
  }
}

/** Go's strconv.ParseBool. */
function goParseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** docker/go-units RAMInBytes: `64m`, `1.5GiB`, `512k` (powers of 1024). */
function ramInBytes(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const power = unit === '' ? 0 : 'kmgtp'.indexOf(unit) + 1;
  return Math.trunc(Number.parseFloat(match[1] as string) * 1024 ** power);
}

/** One CSV record (encoding/csv rules: `"` quotes a field, `""` inside it is a quote). */
function csvFields(value: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) return undefined;
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i];
        i++;
      }
      if (i < value.length && value[i] !== ',') return undefined;
    } else {
      const end = value.indexOf(',', i);
      field = value.slice(i, end < 0 ? value.length : end);
      if (field.includes('"')) return undefined;
      i = end < 0 ? value.length : end;
    }
    fields.push(field);
    if (i >= value.length) return fields;
    i++; // the comma
  }
}
