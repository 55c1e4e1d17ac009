/**
 * Whether two Dockerfiles build the same thing, instruction by instruction: both are parsed with
 * the BuildKit-faithful parser and every instruction is reduced to what the builder reads from it.
 * Instruction case, continuation layout, flag order, ENV/LABEL `key value` versus `key=value`,
 * quoting (values are processed as the builder processes them, with every variable set to a
 * marker value), mount field order and defaults, and whitespace in shell commands do not count.
 * Stages are matched by name (the importer names unnamed stages), so their order may differ.
 */
import { posix } from 'node:path';
import {
  commandHeredocScript,
  type EnvLookup,
  type Instruction,
  nextWorkdir,
  parseDockerfile,
  parseHeredoc,
  processWord,
} from '@dockerdsl/core';

export interface Difference {
  /** 1-based line in the original Dockerfile (0 when the difference is about the whole file). */
  readonly line: number;
  readonly message: string;
}

interface StageBlock {
  readonly from: Instruction;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

interface Parsed {
  readonly escapeToken: string;
  readonly globals: readonly Instruction[];
  readonly stages: readonly StageBlock[];
}

function split(text: string): Parsed {
  const ast = parseDockerfile(text);
  const globals: Instruction[] = [];
  const stages: { from: Instruction; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of ast.instructions.flatMap(oneArgEach)) {
    if (instruction.name === 'from') {
      const args = instruction.args;
      const name = args.length === 3 && args[1]?.toLowerCase() === 'as' ? args[2]?.toLowerCase() : undefined;
      stages.push({ from: instruction, name, instructions: [] });
    } else if (stages.length === 0) globals.push(instruction);
    else stages[stages.length - 1]?.instructions.push(instruction);
  }
  return { escapeToken: ast.escapeToken, globals, stages };
}

/** `ARG a b=c` declares what `ARG a` then `ARG b=c` declare, which is how the config writes it. */
function oneArgEach(instruction: Instruction): Instruction[] {
  if (instruction.name !== 'arg' || instruction.args.length < 2) return [instruction];
  return instruction.args.map((arg) => ({ ...instruction, args: [arg] }));
}

type Env = Map<string, string>;

/**
 * The WORKDIR in effect, kept with the stage's variables (so a child stage inherits it) under a key
 * no variable can have. Absent while it depends on the base image.
 */
const WORKDIR = '\u0000workdir';

/**
 * BuildKit joins a relative `--mount` target to the WORKDIR, and the compiler writes it that way
 * where it knows the WORKDIR: `target=go.mod` under WORKDIR /src is `target=/src/go.mod`.
 */
function mountTarget(target: string, env: Env): string {
  const workdir = env.get(WORKDIR);
  return workdir === undefined || target.startsWith('/') ? target : posix.join(workdir, target);
}

/** Resolves `COPY --from` and mount `from=` values to `stage:<name>` or `image:<ref>`. */
type StageResolver = (value: string, before: number) => string;

class Normaliser {
  constructor(
    private readonly escapeToken: string,
    private readonly resolveStage: StageResolver,
  ) {}

  word(value: string, env: Env): string {
    const lookup: EnvLookup = (name) => env.get(name) ?? `<${name}>`;
    try {
      return processWord(value, lookup, { escapeToken: this.escapeToken });
    } catch (error) {
      return `!error(${(error as Error).message})`;
    }
  }

  private flags(instruction: Instruction, env: Env, stageIndex: number): string[] {
    const out: string[] = [];
    for (const flag of instruction.flags) {
      const eq = flag.indexOf('=');
      const name = eq < 0 ? flag.slice(2) : flag.slice(2, eq);
      const value = eq < 0 ? undefined : flag.slice(eq + 1);
      switch (name) {
        case 'from':
          out.push(`from=${this.resolveStage(value ?? '', stageIndex)}`);
          break;
        case 'mount':
          out.push(`mount=${this.mount(value ?? '', env, stageIndex)}`);
          break;
        case 'link':
        case 'parents':
        case 'keep-git-dir':
        case 'unpack':
          if (value === undefined || value.toLowerCase() === 'true') out.push(`${name}=true`);
          break;
        case 'chown':
        case 'chmod':
        case 'platform':
          out.push(`${name}=${this.word(value ?? '', env)}`);
          break;
        default:
          out.push(value === undefined ? name : `${name}=${value}`);
      }
    }
    return out.sort();
  }

  private mount(value: string, env: Env, stageIndex: number): string {
    const fields = new Map<string, string>();
    for (const field of csv(value)) {
      const eq = field.indexOf('=');
      const rawKey = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
      const fieldValue = eq < 0 ? undefined : field.slice(eq + 1);
      const key =
        { src: 'source', dst: 'target', destination: 'target', ro: 'readonly', rw: 'readwrite' }[rawKey] ?? rawKey;
      if (key === 'readonly' || key === 'readwrite' || key === 'required') {
        const on = fieldValue === undefined || /^(1|t|true)$/i.test(fieldValue);
        if (key === 'readwrite') fields.set('readonly', String(!on));
        else fields.set(key, String(on));
      } else if (key === 'from') fields.set('from', this.resolveStage(fieldValue ?? '', stageIndex));
      else if (key === 'type') fields.set('type', (fieldValue ?? '').toLowerCase());
      else if (key === 'uid' || key === 'gid' || key === 'size')
        fields.set(key, String(Number(this.word(fieldValue ?? '', env))));
      else if (key === 'target') fields.set(key, mountTarget(this.word(fieldValue ?? '', env), env));
      else fields.set(key, this.word(fieldValue ?? '', env));
    }
    const type = fields.get('type') ?? 'bind';
    fields.set('type', type);
    if (type === 'bind' && !fields.has('readonly')) fields.set('readonly', 'true');
    if (type === 'cache') {
      if (!fields.has('readonly')) fields.set('readonly', 'false');
      if (!fields.has('sharing')) fields.set('sharing', 'shared');
    }
    if (type === 'secret' && !fields.has('id')) {
      fields.set('id', fields.get('source') ?? (fields.get('target') ?? '').split('/').pop() ?? '');
    }
    if (type === 'secret' || type === 'ssh') fields.delete('source');
    if (type === 'ssh' && !fields.has('id')) fields.set('id', 'default');
    if (fields.get('required') === 'false') fields.delete('required');
    return [...fields]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(',');
  }

  /** As the compiler tracks it (`nextWorkdir`): a path written with a variable makes it unknown. */
  private changeWorkdir(written: string, path: string, env: Env): void {
    const next = written.includes('$') ? undefined : nextWorkdir(env.get(WORKDIR), path, false);
    if (next === undefined) env.delete(WORKDIR);
    else env.set(WORKDIR, next);
  }

  private command(instruction: Instruction): unknown {
    if (instruction.heredocs.length > 0) return ['heredoc script', heredocScript(instruction).replace(/\n$/, '')];
    return instruction.json ? ['exec', ...instruction.args] : ['shell', collapse(instruction.args.join(' '))];
  }

  /** One instruction as the builder reads it; ENV updates `env`. */
  instruction(instruction: Instruction, env: Env, stageIndex: number): unknown {
    const flags = this.flags(instruction, env, stageIndex);
    const name = instruction.name;
    switch (name) {
      case 'run':
      case 'cmd':
      case 'entrypoint':
        return [name, flags, this.command(instruction)];
      case 'shell':
        return [name, flags, instruction.args];
      case 'copy':
      case 'add':
      case 'volume':
      case 'expose':
        return [name, flags, instruction.args.map((arg) => this.word(arg, env))];
      case 'env':
      case 'label': {
        const pairs: [string, string][] = [];
        for (let i = 0; i < instruction.args.length; i += 3) {
          pairs.push([this.word(instruction.args[i] ?? '', env), this.word(instruction.args[i + 1] ?? '', env)]);
        }
        if (name === 'env') for (const [key, value] of pairs) env.set(key, value);
        // All values of one instruction are read first, then set in order: what counts is each
        // key's last value, in any order.
        const final = new Map(pairs);
        return [name, flags, [...final].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))];
      }
      case 'arg':
        return [
          name,
          flags,
          instruction.args.map((arg) => {
            const eq = arg.indexOf('=');
            return eq < 0
              ? [this.word(arg, env)]
              : [this.word(arg.slice(0, eq), env), this.word(arg.slice(eq + 1), env)];
          }),
        ];
      case 'workdir': {
        const path = this.word(instruction.args[0] ?? '', env);
        this.changeWorkdir(instruction.args[0] ?? '', path, env);
        return [name, flags, path];
      }
      case 'user':
      case 'stopsignal':
        return [name, flags, this.word(instruction.args[0] ?? '', env)];
      case 'healthcheck': {
        const [type = '', ...rest] = instruction.args;
        if (type.toUpperCase() === 'NONE') return [name, 'NONE'];
        return [
          name,
          flags,
          type.toUpperCase(),
          instruction.json ? ['exec', ...rest] : ['shell', collapse(rest.join(' '))],
        ];
      }
      case 'onbuild':
        // Triggers run in a later build: compare them with no variables known.
        return [name, instruction.trigger ? this.instruction(instruction.trigger, new Map(), stageIndex) : null];
      default:
        return [name, flags, instruction.args];
    }
  }
}

/** Drops a CMD, ENTRYPOINT or HEALTHCHECK that a later one in the stage replaces (only the last counts). */
function effective(instructions: readonly Instruction[]): Instruction[] {
  const seen = new Set<string>();
  const kept: Instruction[] = [];
  for (const instruction of [...instructions].reverse()) {
    const replaceable = ['cmd', 'entrypoint', 'healthcheck'].includes(instruction.name);
    if (replaceable && seen.has(instruction.name)) continue;
    if (replaceable) seen.add(instruction.name);
    kept.push(instruction);
  }
  return kept.reverse();
}

/**
 * The script the shell runs: the body of a lone `RUN <<EOF` (delimiter names and quotes do not
 * count), or the command line with its heredocs, as BuildKit joins them.
 */
function heredocScript(instruction: Instruction): string {
  const [first] = instruction.heredocs;
  const opener = parseHeredocOrUndefined(instruction.args[0] ?? '');
  if (instruction.heredocs.length === 1 && first && opener?.name === first.name && opener.fileDescriptor === 0) {
    return chompIf(first.content, first.chomp);
  }
  return commandHeredocScript(instruction) ?? instruction.original;
}

function parseHeredocOrUndefined(word: string): ReturnType<typeof parseHeredoc> {
  try {
    return parseHeredoc(word);
  } catch {
    return undefined;
  }
}

function chompIf(content: string, chomp: boolean): string {
  return chomp ? content.replace(/^\t+/gm, '') : content;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function csv(value: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    if (quoted) {
      if (char === '"' && value[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

function show(instruction: Instruction | undefined): string {
  if (!instruction) return '(nothing)';
  const text = instruction.original.replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/**
 * The differences between the original Dockerfile and one generated from its import.
 * `stageNames[i]` is the name the importer gave the original's stage i.
 */
export function compareDockerfiles(original: string, regenerated: string, stageNames: readonly string[]): Difference[] {
  const a = split(original);
  const b = split(regenerated);
  const differences: Difference[] = [];

  // Original references: an earlier named stage, or a stage index; anything else is an image.
  const resolveA: StageResolver = (value, before) => {
    const lower = value.toLowerCase();
    for (let i = Math.min(before, a.stages.length) - 1; i >= 0; i--) {
      if (a.stages[i]?.name === lower) return `stage:${stageNames[i]}`;
    }
    if (/^[0-9]+$/.test(value) && Number(value) < before) return `stage:${stageNames[Number(value)]}`;
    return `image:${value}`;
  };
  const resolveB: StageResolver = (value, before) => {
    const lower = value.toLowerCase();
    for (let i = Math.min(before, b.stages.length) - 1; i >= 0; i--) {
      if (b.stages[i]?.name === lower) return `stage:${lower}`;
    }
    return `image:${value}`;
  };
  const normA = new Normaliser(a.escapeToken, resolveA);
  const normB = new Normaliser(b.escapeToken, resolveB);

  const compareLists = (
    left: readonly Instruction[],
    right: readonly Instruction[],
    envA: Env,
    envB: Env,
    indexA: number,
    indexB: number,
    fallbackLine: number,
  ) => {
    const length = Math.max(left.length, right.length);
    for (let i = 0; i < length; i++) {
      const x = left[i];
      const y = right[i];
      const nx = x ? JSON.stringify(normA.instruction(x, envA, indexA)) : undefined;
      const ny = y ? JSON.stringify(normB.instruction(y, envB, indexB)) : undefined;
      if (nx !== ny) {
        differences.push({
          line: x?.startLine ?? fallbackLine,
          message: `the generated config gives ${show(y)} where the Dockerfile has ${show(x)}`,
        });
        return;
      }
    }
  };

  compareLists(a.globals, b.globals, new Map(), new Map(), 0, 0, 1);
  const globalEnvA: Env = new Map();
  const globalEnvB: Env = new Map();
  const stageEnvA = new Map<number, Env>();
  const stageEnvB = new Map<number, Env>();
  a.stages.forEach((stage, index) => {
    const name = stageNames[index];
    const bIndex = b.stages.findIndex((candidate) => candidate.name === name);
    const other = b.stages[bIndex];
    if (!other || name === undefined) {
      differences.push({
        line: stage.from.startLine,
        message: `stage ${name ?? index} is missing from the generated Dockerfile`,
      });
      return;
    }
    const baseA = resolveA(stage.from.args[0] ?? '', index);
    const baseB = resolveB(other.from.args[0] ?? '', bIndex);
    const fromA = baseA.startsWith('stage:') ? baseA : `image:${normA.word(stage.from.args[0] ?? '', globalEnvA)}`;
    const fromB = baseB.startsWith('stage:') ? baseB : `image:${normB.word(other.from.args[0] ?? '', globalEnvB)}`;
    const flagsA = JSON.stringify(normA.instruction({ ...stage.from, args: [] }, globalEnvA, index));
    const flagsB = JSON.stringify(normB.instruction({ ...other.from, args: [] }, globalEnvB, bIndex));
    if (fromA !== fromB || flagsA !== flagsB) {
      differences.push({
        line: stage.from.startLine,
        message: `the generated config gives ${show(other.from)} where the Dockerfile has ${show(stage.from)}`,
      });
      return;
    }
    // A stage starts with the variables its parent stage set (ENV is inherited).
    const parentA = fromA.startsWith('stage:') ? stageNames.indexOf(fromA.slice(6)) : -1;
    const parentB = fromB.startsWith('stage:') ? b.stages.findIndex((s) => s.name === fromB.slice(6)) : -1;
    const envA: Env = new Map(stageEnvA.get(parentA) ?? []);
    const envB: Env = new Map(stageEnvB.get(parentB) ?? []);
    compareLists(
      effective(stage.instructions),
      effective(other.instructions),
      envA,
      envB,
      index,
      bIndex,
      stage.from.startLine,
    );
    stageEnvA.set(index, envA);
    stageEnvB.set(bIndex, envB);
  });
  const expectedNames = new Set(stageNames);
  for (const stage of b.stages) {
    if (stage.name === undefined || !expectedNames.has(stage.name)) {
      differences.push({ line: 0, message: `the generated Dockerfile has an extra stage: ${show(stage.from)}` });
    }
  }
  const lastA = stageNames[a.stages.length - 1];
  const lastB = b.stages[b.stages.length - 1]?.name;
  if (lastA !== lastB) {
    differences.push({
      line: 0,
      message: `the last stage (what a plain docker build builds) is ${lastB}, not ${lastA}`,
    });
  }
  return differences;
}
