/**
 * Where the programs of a POSIX shell script's simple commands are named, split as the lint rules
 * split a RUN (core's simpleCommands: at `&&`, `||`, `;`, `|`, `&`, newlines and parentheses,
 * honouring quotes, backslashes, `$(...)` and comments), so a fix edits a command the rule saw and
 * never the same words inside quotes (`echo 'apt-get install is fine'`) or as an argument.
 */

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Commands that run the next word as a command, as the rules peel them off (`sudo apt-get ...`). */
const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'time', 'command', 'exec', 'xargs']);
/** Shell keywords a command may follow in a compound command (`if ...; then apt-get ...`). */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{']);

interface Word {
  readonly start: number;
  /** As written, quotes and escapes included. */
  readonly raw: string;
  /** With quotes and escapes removed. */
  readonly text: string;
}

/**
 * The offsets in `script` where a command's program name starts (after any directory: the `a` of
 * `/usr/bin/apt-get`). A program written with quotes or escapes is left out: no fix touches it.
 */
export function programOffsets(script: string): Set<number> {
  const offsets = new Set<number>();
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
  const endCommand = (at: number) => {
    endWord(at);
    const program = programWord(words);
    if (program && program.raw === program.text) offsets.add(program.start + program.raw.lastIndexOf('/') + 1);
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
      // A command substitution stays inside its word, as the rules see it.
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
    } else if (c === '|' || c === '&' || c === ';' || c === '\n' || c === '(' || c === ')') {
      endCommand(i);
      if ((c === '|' || c === '&') && script[i + 1] === c) i++;
    } else if (c === ' ' || c === '\t') {
      endWord(i);
    } else {
      begin(i);
      text += c;
    }
  }
  endCommand(script.length);
  return offsets;
}

/** The word naming the program: after assignments and keywords, and past wrappers with their options. */
function programWord(words: readonly Word[]): Word | undefined {
  let i = 0;
  for (;;) {
    while (i < words.length && (ASSIGNMENT.test((words[i] as Word).text) || KEYWORDS.has((words[i] as Word).raw))) i++;
    const word = words[i];
    if (!word || !WRAPPERS.has(word.text.slice(word.text.lastIndexOf('/') + 1))) return word;
    i++;
    while (i < words.length && ((words[i] as Word).text.startsWith('-') || ASSIGNMENT.test((words[i] as Word).text))) {
      i++;
    }
  }
}
