import type { RunStep } from '../ir/steps.js';

/** One simple command of a shell script: its words with quotes removed, leading `VAR=x` dropped. */
export interface SimpleCommand {
  /** Program and arguments, e.g. `['apt-get', 'install', '-y', 'curl']`. */
  readonly words: readonly string[];
  /** Whether the command's output goes into a pipe `|`. */
  readonly pipedOut: boolean;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** A word of a simple command, where it is in the script. */
interface Word {
  readonly start: number;
  /** As written, quotes and escapes included. */
  readonly raw: string;
  /** With quotes and escapes removed. */
  readonly text: string;
}

/**
 * A lint-grade split of a POSIX shell script into simple commands, at `&&`, `||`, `;`, `|`, `&`,
 * newlines and parentheses, honouring quotes, backslashes and `$(...)`. Not an interpreter: words
 * keep `$VAR` as written, which is what the rules need (is the program `apt`? is there a `-y`?).
 */
export function simpleCommands(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  eachCommand(script, (words, pipedOut) => {
    let start = 0;
    while (start < words.length && ASSIGNMENT.test((words[start] as Word).text)) start++;
    if (start < words.length) commands.push({ words: words.slice(start).map((word) => word.text), pipedOut });
  });
  return commands;
}

/** Shell keywords a command may follow in a compound command (`if ...; then apt-get ...`). */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{']);

/**
 * The offsets in `script` where a command's program name starts (after any directory: the `a` of
 * `/usr/bin/apt-get`), past assignments, keywords and wrappers (`sudo`, `env`), split as
 * simpleCommands splits: where `dsl lint --fix` may rewrite an invocation, and never the same words
 * inside quotes or as an argument. A program written with quotes or escapes is left out.
 */
export function programOffsets(script: string): Set<number> {
  const offsets = new Set<number>();
  eachCommand(script, (words) => {
    const program = programWord(words);
    if (program && program.raw === program.text) offsets.add(program.start + program.raw.lastIndexOf('/') + 1);
  });
  return offsets;
}

function programWord(words: readonly Word[]): Word | undefined {
  let i = 0;
  for (;;) {
    while (i < words.length && (ASSIGNMENT.test((words[i] as Word).text) || KEYWORDS.has((words[i] as Word).raw))) i++;
    const word = words[i];
    if (!word || !WRAPPERS.has(basename(word.text))) return word;
    i++;
    while (i < words.length && ((words[i] as Word).text.startsWith('-') || ASSIGNMENT.test((words[i] as Word).text))) {
      i++;
    }
  }
}

/** The tokenizer both views share: calls `command` with each simple command's words, in order. */
function eachCommand(script: string, command: (words: Word[], pipedOut: boolean) => void): void {
  let words: Word[] = [];
  let start = -1;
  let text = '';
  const begin = (at: number) => {
    if (start === -1) start = at;
  };
  const endWord = (at: number) => {
    if (start !== -1) words.push({ start, raw: script.slice(start, at), text });
    start = -1;
    text = '';
  };
  const endCommand = (at: number, pipedOut: boolean) => {
    endWord(at);
    if (words.length > 0) command(words, pipedOut);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i] as string;
    if (c === '\\') {
      if (script[i + 1] === '\n') {
        i++;
        continue;
      }
      begin(i);
      text += script[i + 1] ?? '';
      i++;
    } else if (c === "'") {
      begin(i);
      const end = script.indexOf("'", i + 1);
      const stop = end === -1 ? script.length : end;
      text += script.slice(i + 1, stop);
      i = stop;
    } else if (c === '"') {
      begin(i);
      let j = i + 1;
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length) {
          text += script[j + 1];
          j += 2;
        } else {
          text += script[j];
          j++;
        }
      }
      i = j;
    } else if (c === '$' && script[i + 1] === '(') {
      // Command substitution: kept inside the word, balanced.
      begin(i);
      let depth = 0;
      let j = i + 1;
      for (; j < script.length; j++) {
        if (script[j] === '(') depth++;
        else if (script[j] === ')' && --depth === 0) break;
      }
      text += script.slice(i, j + 1);
      i = j;
    } else if (c === '#' && start === -1) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end - 1;
    } else if (c === '|') {
      if (script[i + 1] === '|') {
        endCommand(i, false);
        i++;
      } else endCommand(i, true);
    } else if (c === '&') {
      endCommand(i, false);
      if (script[i + 1] === '&') i++;
    } else if (c === ';' || c === '\n' || c === '(' || c === ')') {
      endCommand(i, false);
    } else if (c === ' ' || c === '\t') {
      endWord(i);
    } else {
      begin(i);
      text += c;
    }
  }
  endCommand(script.length, false);
}

/** The script a RUN runs, or undefined for an exec form that is not `sh -c`/`bash -c`. */
export function runScript(step: RunStep): string | undefined {
  const { command } = step;
  switch (command.form) {
    case 'shell':
      return command.commands.join(' && ');
    case 'heredoc':
      return command.script;
    case 'exec': {
      const [program, flag, script] = command.argv;
      if (program !== undefined && /(^|\/)(ba|da|a)?sh$/.test(program) && flag === '-c' && script !== undefined) {
        return script;
      }
      return command.argv.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
    }
    default:
      return undefined;
  }
}

// Every RUN rule reads the commands of every RUN: split once per step (steps are frozen), not once
// per rule (at 1,000 stages, 70-120 ms a rule, a dozen rules).
const commandsOf = new WeakMap<RunStep, readonly SimpleCommand[]>();

/** The commands a RUN runs, with wrappers that run another command (`sudo`, `env`) peeled off. */
export function runCommands(step: RunStep): readonly SimpleCommand[] {
  let commands = commandsOf.get(step);
  if (commands === undefined) {
    const script = runScript(step);
    commands = Object.freeze(script === undefined ? [] : simpleCommands(script).map(unwrap));
    commandsOf.set(step, commands);
  }
  return commands;
}

const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'time', 'command', 'exec', 'xargs']);

function unwrap(command: SimpleCommand): SimpleCommand {
  let words = command.words;
  while (words.length > 0 && WRAPPERS.has(basename(words[0] as string))) {
    let start = 1;
    while (
      start < words.length &&
      ((words[start] as string).startsWith('-') || ASSIGNMENT.test(words[start] as string))
    ) {
      start++;
    }
    words = words.slice(start);
  }
  return words === command.words ? command : { ...command, words };
}

/** `/usr/bin/apt-get` -> `apt-get`. */
export function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/**
 * The subcommand and the remaining arguments of a command such as `apt-get -q install -y curl`:
 * the first word not starting with `-` after the program, skipping the values of `valueOptions`.
 */
export function subcommand(
  words: readonly string[],
  valueOptions: ReadonlySet<string> = new Set(),
): { name: string | undefined; args: readonly string[]; options: readonly string[] } {
  const options: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word.startsWith('-')) {
      options.push(word);
      if (valueOptions.has(word)) i++;
      continue;
    }
    const rest = words.slice(i + 1);
    return { name: word, args: rest, options: [...options, ...rest.filter((w) => w.startsWith('-'))] };
  }
  return { name: undefined, args: [], options };
}

/** Operands: arguments that are not options, nor the values of options in `valueOptions`. */
export function operands(args: readonly string[], valueOptions: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-')) {
      if (valueOptions.has(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}
