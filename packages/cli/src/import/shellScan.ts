/**
 * Just enough of the POSIX shell grammar to lay out a RUN command without changing what it does:
 * where the text is outside quotes, escapes and substitutions (so whitespace there only separates
 * words), where the top-level `&&`s are, and the plain words of simple commands for recognising
 * install patterns. Anything it does not understand makes it answer "unknown", never a guess.
 */

export interface ScanResult {
  /**
   * For each offset 0..length: true when whitespace there only separates words, so a line break
   * may be laid out differently: outside quotes and `${...}`, not after an escape (top level, a
   * subshell, a command substitution, or a shell comment).
   */
  readonly separatorAt: readonly boolean[];
  /** Offsets of the `&&` operators at top level (outside parentheses and substitutions). */
  readonly andOperators: readonly number[];
  /** False when the scan ended inside quotes or a substitution: the text is not understood. */
  readonly balanced: boolean;
}

type Context = 'top' | 'single' | 'ansi' | 'double' | 'backtick' | 'paren' | 'brace' | 'comment';

/** Scans a one-line shell command (a RUN's logical line). */
export function scanShell(text: string): ScanResult {
  const separatorAt: boolean[] = new Array(text.length + 1).fill(false);
  const andOperators: number[] = [];
  const stack: Context[] = ['top'];
  let subshells = 0;
  let wordStart = true;
  let i = 0;
  const top = () => stack[stack.length - 1] as Context;
  while (i < text.length) {
    const context = top();
    const char = text[i] as string;
    const next = text[i + 1];
    separatorAt[i] = context === 'top' || context === 'paren' || context === 'comment';
    switch (context) {
      case 'comment':
        i++;
        continue;
      case 'single':
        if (char === "'") stack.pop();
        i++;
        continue;
      case 'ansi':
        if (char === '\\') i += 2;
        else {
          if (char === "'") stack.pop();
          i++;
        }
        continue;
      case 'double':
        if (char === '\\') i += 2;
        else if (char === '"') {
          stack.pop();
          i++;
        } else if (char === '`') {
          stack.push('backtick');
          i++;
        } else if (char === '$' && next === '(') {
          stack.push('paren');
          i += 2;
        } else if (char === '$' && next === '{') {
          stack.push('brace');
          i += 2;
        } else i++;
        continue;
      case 'backtick':
        if (char === '\\') i += 2;
        else {
          if (char === '`') stack.pop();
          i++;
        }
        continue;
      default:
        break;
    }
    // top, paren (a command substitution) and brace (${...}) read words.
    if (char === '\\') {
      i += 2;
      wordStart = false;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      stack.push(char === '"' ? 'double' : char === '`' ? 'backtick' : text[i - 1] === '$' ? 'ansi' : 'single');
      i++;
      wordStart = false;
      continue;
    }
    if (char === '$' && (next === '(' || next === '{')) {
      stack.push(next === '(' ? 'paren' : 'brace');
      i += 2;
      wordStart = next === '(';
      continue;
    }
    if ((context === 'brace' && char === '}') || (context === 'paren' && char === ')')) {
      stack.pop();
      i++;
      wordStart = false;
      continue;
    }
    if (context === 'top' && (char === '(' || char === ')')) {
      subshells = char === '(' ? subshells + 1 : Math.max(0, subshells - 1);
      i++;
      wordStart = true;
      continue;
    }
    if (char === '#' && wordStart && context !== 'brace') {
      stack.push('comment');
      i++;
      continue;
    }
    if (context === 'top' && subshells === 0 && char === '&' && next === '&') {
      andOperators.push(i);
      i += 2;
      wordStart = true;
      continue;
    }
    wordStart = /[\s;&|()<>]/.test(char);
    i++;
  }
  const balanced = (stack.length === 1 || (stack.length === 2 && top() === 'comment')) && subshells === 0;
  separatorAt[text.length] = balanced;
  return { separatorAt, andOperators, balanced };
}

/** One simple command of plain words, e.g. `apt-get install -y curl`, with leading `A=b` assignments. */
export interface PlainCommand {
  readonly assignments: readonly string[];
  readonly words: readonly string[];
}

/**
 * Splits a command list into simple commands when it is made only of plain words (no quotes,
 * variables, globs other than a trailing `*`, redirections or pipes) joined by `&&` or `;`.
 * Returns the commands and the separators, or undefined when the text is anything more.
 */
export function plainCommands(text: string): { commands: PlainCommand[]; separators: string[] } | undefined {
  const tokens = text.trim().split(/[ \t]+/);
  const commands: PlainCommand[] = [];
  const separators: string[] = [];
  let current: string[] = [];
  const flush = (): boolean => {
    if (current.length === 0) return false;
    const assignments: string[] = [];
    while (current.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=[A-Za-z0-9_./:-]*$/.test(current[0] as string)) {
      assignments.push(current.shift() as string);
    }
    if (current.length === 0) return false;
    commands.push({ assignments, words: current });
    current = [];
    return true;
  };
  for (const raw of tokens) {
    if (raw === '') continue;
    // `foo;` and `;` both end a command.
    let token = raw;
    let separator: string | undefined;
    if (token === '&&' || token === ';') {
      separator = token;
      token = '';
    } else if (token.endsWith(';') && !token.endsWith('\\;')) {
      separator = ';';
      token = token.slice(0, -1);
    }
    if (token !== '') {
      if (!/^[A-Za-z0-9_@%+=:,./~^*-]+$/.test(token)) return undefined;
      if (token.includes('*') && !/^\/[A-Za-z0-9_./-]*\/\*$/.test(token)) return undefined;
      current.push(token);
    }
    if (separator !== undefined) {
      if (!flush()) {
        // `;` after a command that already ended (e.g. `... \n ;`) is harmless; `&&` is not.
        if (separator === '&&' || commands.length === 0) return undefined;
        continue;
      }
      separators.push(separator);
    }
  }
  if (current.length > 0) flush();
  else if (separators.length > 0 && separators.length === commands.length) {
    // A trailing `;` is fine; a trailing `&&` would be a syntax error.
    if (separators[separators.length - 1] === '&&') return undefined;
    separators.pop();
  }
  if (commands.length === 0 || separators.length !== commands.length - 1) return undefined;
  return { commands, separators };
}
