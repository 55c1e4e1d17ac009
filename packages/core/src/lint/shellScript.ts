import type { RunStep } from '../ir/steps.js';

/** One simple command of a shell script: its words with quotes removed, leading `VAR=x` dropped. */
export interface SimpleCommand {
  /** Program and arguments, e.g. `['apt-get', 'install', '-y', 'curl']`. */
  readonly words: readonly string[];
  /** Whether the command's output goes into a pipe `|`. */
  readonly pipedOut: boolean;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * A lint-grade split of a POSIX shell script into simple commands, at `&&`, `||`, `;`, `|`, `&`,
 * newlines and parentheses, honouring quotes, backslashes and `$(...)`. Not an interpreter: words
 * keep `$VAR` as written, which is what the rules need (is the program `apt`? is there a `-y`?).
 */
export function simpleCommands(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (pipedOut: boolean) => {
    endWord();
    let start = 0;
    while (start < words.length && ASSIGNMENT.test(words[start] as string)) start++;
    if (start < words.length) commands.push({ words: words.slice(start), pipedOut });
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i] as string;
    if (c === '\\') {
      if (script[i + 1] === '\n') {
        i++;
        continue;
      }
      word += script[i + 1] ?? '';
      inWord = true;
      i++;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end === -1 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length) {
          word += script[j + 1];
          j += 2;
        } else {
          word += script[j];
          j++;
        }
      }
      inWord = true;
      i = j;
    } else if (c === '$' && script[i + 1] === '(') {
      // Command substitution: kept inside the word, balanced.
      let depth = 0;
      let j = i + 1;
      for (; j < script.length; j++) {
        if (script[j] === '(') depth++;
        else if (script[j] === ')' && --depth === 0) break;
      }
      word += script.slice(i, j + 1);
      inWord = true;
      i = j;
    } else if (c === '#' && !inWord) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end - 1;
    } else if (c === '|') {
      if (script[i + 1] === '|') {
        endCommand(false);
        i++;
      } else endCommand(true);
    } else if (c === '&') {
      if (script[i + 1] === '&') i++;
      endCommand(false);
    } else if (c === ';' || c === '\n' || c === '(' || c === ')') {
      endCommand(false);
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand(false);
  return commands;
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

/** The commands a RUN runs, with wrappers that run another command (`sudo`, `env`) peeled off. */
export function runCommands(step: RunStep): SimpleCommand[] {
  const script = runScript(step);
  return script === undefined ? [] : simpleCommands(script).map(unwrap);
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
