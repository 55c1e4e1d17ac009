/**
 * Shell-word processing as BuildKit does it (frontend/dockerfile/shell): quote removal, escapes,
 * `$VAR` / `${VAR...}` substitution and word splitting. Used by the Dockerfile parser to find heredoc
 * words, by `toIr` to decode ENV/LABEL/COPY words, and checked against BuildKit's own envVarTest and
 * wordsTest cases.
 */
import { goQuote, goRune, isGoSpace } from './goText.js';

const EOF = -1;

/** Looks a variable up; `undefined` means unset (distinct from set to ""). */
export type EnvLookup = (name: string) => string | undefined;

export const EMPTY_ENV: EnvLookup = () => undefined;

export function envFromRecord(record: Readonly<Record<string, string | undefined>>): EnvLookup {
  return (name) => (Object.hasOwn(record, name) ? record[name] : undefined);
}

export interface ShellLexOptions {
  /** `\` (default) or `` ` ``, as set by the `# escape=` directive. */
  readonly escapeToken?: string;
  /** Keep quote characters in the output (BuildKit's RawQuotes). */
  readonly rawQuotes?: boolean;
  /** Keep escape characters in the output (BuildKit's RawEscapes). */
  readonly rawEscapes?: boolean;
  /** Leave references to unset variables as written (BuildKit's SkipUnsetEnv). */
  readonly skipUnsetEnv?: boolean;
  /** Treat quotes as ordinary characters (BuildKit's SkipProcessQuotes). */
  readonly skipProcessQuotes?: boolean;
  /**
   * Never substitute: every variable reference is copied as written and reported in the result.
   * This is how `toIr` keeps `$VAR` for the builder while still removing quotes and escapes.
   */
  readonly keepVariables?: boolean;
}

/** What a word contained besides its decoded text (only tracked with `keepVariables`). */
export interface WordInfo {
  /** Variable references copied as written, e.g. `$HOME`, `${A:-x}`. */
  readonly variables: readonly string[];
  /** A `$` that is literal (quoted with `'`, or escaped) sits in the decoded text. */
  readonly literalDollar: boolean;
}

export class ShellLexError extends Error {
  override readonly name = 'ShellLexError';
}

interface WordsState {
  words: string[];
  inWord: boolean;
}

class ShellWord {
  private readonly cps: number[];
  private pos = 0;
  private readonly escape: number;
  private rawEscapes: boolean;
  // BuildKit shares one words buffer per lexer, so a nested ${x:-...} resets the outer buffer.
  private wordsBuffer = '';
  readonly variables: string[] = [];
  literalDollar = false;

  constructor(
    private readonly source: string,
    private readonly env: EnvLookup,
    private readonly options: ShellLexOptions,
  ) {
    // Go's text/scanner reads an invalid UTF-8 byte as U+FFFD.
    this.cps = Array.from(source, (ch) => goRune(ch.codePointAt(0) ?? 0));
    // Go's text/scanner skips a byte-order mark at the very start.
    if (this.cps[0] === 0xfeff) this.pos = 1;
    this.escape = (options.escapeToken ?? '\\').codePointAt(0) ?? 0x5c;
    this.rawEscapes = options.rawEscapes ?? false;
  }

  private peek(): number {
    return this.pos < this.cps.length ? (this.cps[this.pos] as number) : EOF;
  }

  private next(): number {
    if (this.pos >= this.cps.length) return EOF;
    return this.cps[this.pos++] as number;
  }

  run(): { result: string; words: string[] } {
    try {
      return this.processStopOn(EOF, this.rawEscapes);
    } catch (error) {
      if (error instanceof ShellLexError) {
        throw new ShellLexError(`failed to process ${goQuote(this.source)}: ${error.message}`);
      }
      throw error;
    }
  }

  private addChar(w: WordsState, ch: number): void {
    if (isGoSpace(ch) && w.inWord) {
      if (this.wordsBuffer.length !== 0) {
        w.words.push(this.wordsBuffer);
        this.wordsBuffer = '';
        w.inWord = false;
      }
    } else if (!isGoSpace(ch)) {
      this.addRawChar(w, ch);
    }
  }

  private addRawChar(w: WordsState, ch: number): void {
    this.wordsBuffer += String.fromCodePoint(ch);
    w.inWord = true;
  }

  private addString(w: WordsState, s: string): void {
    for (const ch of s) this.addChar(w, ch.codePointAt(0) ?? 0);
  }

  private addRawString(w: WordsState, s: string): void {
    this.wordsBuffer += s;
    w.inWord = true;
  }

  private getWords(w: WordsState): string[] {
    if (this.wordsBuffer.length > 0) {
      w.words.push(this.wordsBuffer);
      this.wordsBuffer = '';
      w.inWord = false;
    }
    return w.words;
  }

  private processStopOn(stopChar: number, rawEscapes: boolean): { result: string; words: string[] } {
    let result = '';
    this.wordsBuffer = '';
    const w: WordsState = { words: [], inWord: false };
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      while (this.peek() !== EOF) {
        let ch = this.peek();
        if (stopChar !== EOF && ch === stopChar) {
          this.next();
          return { result, words: this.getWords(w) };
        }
        const special = this.special(ch);
        if (special) {
          const tmp = special();
          result += tmp;
          if (ch === 0x24) this.addString(w, tmp);
          else this.addRawString(w, tmp);
          continue;
        }
        ch = this.next();
        if (ch === this.escape) {
          if (this.rawEscapes) {
            this.addRawChar(w, ch);
            result += String.fromCodePoint(ch);
          }
          ch = this.next();
          if (ch === EOF) break;
          if (ch === 0x24) this.literalDollar = true;
          this.addRawChar(w, ch);
        } else {
          this.addChar(w, ch);
        }
        result += String.fromCodePoint(ch);
      }
      if (stopChar !== EOF) {
        throw new ShellLexError(
          `unexpected end of statement while looking for matching ${String.fromCodePoint(stopChar)}`,
        );
      }
      return { result, words: this.getWords(w) };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private special(ch: number): (() => string) | undefined {
    if (ch === 0x24) return () => this.processDollar();
    if (ch === 0x3c) return () => this.processPossibleHeredoc();
    if (!this.options.skipProcessQuotes) {
      if (ch === 0x27) return () => this.processSingleQuote();
      if (ch === 0x22) return () => this.processDoubleQuote();
    }
    return undefined;
  }

  private processSingleQuote(): string {
    let result = '';
    let ch = this.next();
    if (this.options.rawQuotes) result += String.fromCodePoint(ch);
    for (;;) {
      ch = this.next();
      if (ch === EOF) throw new ShellLexError('unexpected end of statement while looking for matching single-quote');
      if (ch === 0x27) {
        if (this.options.rawQuotes) result += String.fromCodePoint(ch);
        return result;
      }
      if (ch === 0x24) this.literalDollar = true;
      result += String.fromCodePoint(ch);
    }
  }

  private processDoubleQuote(): string {
    let result = '';
    let ch = this.next();
    if (this.options.rawQuotes) result += String.fromCodePoint(ch);
    for (;;) {
      const peek = this.peek();
      if (peek === EOF) throw new ShellLexError('unexpected end of statement while looking for matching double-quote');
      if (peek === 0x22) {
        ch = this.next();
        if (this.options.rawQuotes) result += String.fromCodePoint(ch);
        return result;
      }
      if (peek === 0x24) {
        result += this.processDollar();
        continue;
      }
      ch = this.next();
      if (ch === this.escape) {
        if (this.rawEscapes) result += String.fromCodePoint(ch);
        const after = this.peek();
        if (after === EOF) continue;
        if (after === 0x22 || after === 0x24 || after === this.escape) {
          ch = this.next();
          if (ch === 0x24) this.literalDollar = true;
        }
      }
      result += String.fromCodePoint(ch);
    }
  }

  private processDollar(): string {
    const start = this.pos;
    const value = this.processDollarInner();
    if (this.options.keepVariables && value.variable) {
      const raw = String.fromCodePoint(...this.cps.slice(start, this.pos));
      this.variables.push(raw);
      return raw;
    }
    return value.text;
  }

  /** `variable` is false when the `$` turned out to be a literal dollar sign. */
  private processDollarInner(): { text: string; variable: boolean } {
    this.next();
    if (this.peek() !== 0x7b) {
      const name = this.processName();
      if (name === '') return { text: '$', variable: false };
      const value = this.getEnv(name);
      if (value === undefined && this.options.skipUnsetEnv) return { text: `$${name}`, variable: true };
      return { text: value ?? '', variable: true };
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new ShellLexError("syntax error: missing '}'");
    if (first === 0x7b || first === 0x7d || first === 0x3a) throw new ShellLexError('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    let chs = runeString(ch);
    let nullIsUnset = false;
    switch (ch) {
      case 0x7d: {
        const value = this.getEnv(name);
        if (value === undefined && this.options.skipUnsetEnv) return { text: `\${${name}}`, variable: true };
        return { text: value ?? '', variable: true };
      }
      case 0x3a:
      case 0x2b:
      case 0x2d:
      case 0x3f:
      case 0x23:
      case 0x25: {
        if (ch === 0x3a) {
          // `:` falls through to the modifier handling whatever follows it.
          nullIsUnset = true;
          ch = this.next();
          chs += runeString(ch);
        }
        const rawEscapes = ch === 0x23 || ch === 0x25;
        if (nullIsUnset && rawEscapes) throw new ShellLexError(`unsupported modifier (${chs}) in substitution`);
        let word: string;
        try {
          word = this.processStopOn(0x7d, rawEscapes).result;
        } catch (error) {
          if (this.peek() === EOF) throw new ShellLexError("syntax error: missing '}'");
          throw error;
        }
        if (this.options.keepVariables) return { text: '', variable: true };
        const value = this.getEnv(name);
        const set = value !== undefined;
        if (this.options.skipUnsetEnv && !set) return { text: `\${${name}${chs}${word}}`, variable: true };
        const v = value ?? '';
        switch (ch) {
          case 0x2d:
            return { text: !set || (nullIsUnset && v === '') ? word : v, variable: true };
          case 0x2b:
            return { text: !set || (nullIsUnset && v === '') ? '' : word, variable: true };
          case 0x3f:
            if (!set) throw new ShellLexError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
            if (nullIsUnset && v === '') {
              throw new ShellLexError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
            }
            return { text: v, variable: true };
          case 0x25:
          case 0x23: {
            let pattern = word;
            let greedy = false;
            if (pattern.length > 0 && pattern.codePointAt(0) === ch) {
              greedy = true;
              pattern = pattern.slice(1);
            }
            const text = ch === 0x25 ? trimSuffix(pattern, v, greedy) : trimPrefix(pattern, v, greedy);
            return { text, variable: true };
          }
          default:
            throw new ShellLexError(`unsupported modifier (${chs}) in substitution`);
        }
      }
      case 0x2f: {
        const replaceAll = this.peek() === 0x2f;
        if (replaceAll) this.next();
        let pattern: string;
        try {
          pattern = this.processStopOn(0x2f, true).result;
        } catch (error) {
          if (this.peek() === EOF) throw new ShellLexError("syntax error: missing '/' in $" + '{}');
          throw error;
        }
        let replacement: string;
        try {
          replacement = this.processStopOn(0x7d, true).result;
        } catch (error) {
          if (this.peek() === EOF) throw new ShellLexError("syntax error: missing '}'");
          throw error;
        }
        if (this.options.keepVariables) return { text: '', variable: true };
        const value = this.getEnv(name);
        if (value === undefined && this.options.skipUnsetEnv) {
          return { text: `\${${name}/${pattern}/${replacement}}`, variable: true };
        }
        const re = shellPatternToRegExp(pattern, true, false);
        const v = value ?? '';
        if (replaceAll) return { text: goReplaceAll(re, v, replacement), variable: true };
        re.lastIndex = 0;
        const match = re.exec(v);
        if (!match) return { text: v, variable: true };
        return {
          text: v.slice(0, match.index) + replacement + v.slice(match.index + match[0].length),
          variable: true,
        };
      }
      default:
        throw new ShellLexError(`unsupported modifier (${chs}) in substitution`);
    }
  }

  private processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name.length === 0 && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek())) name += String.fromCodePoint(this.next());
        return name;
      }
      if (name.length === 0 && isSpecialParam(ch)) {
        return String.fromCodePoint(this.next());
      }
      if (!isLetter(ch) && !isDigit(ch) && ch !== 0x5f) break;
      name += String.fromCodePoint(this.next());
    }
    return name;
  }

  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== 0x3c) return '<';
    this.next();
    let space = '';
    let ch = this.peek();
    while (ch === 0x09 || ch === 0x0d || ch === 0x20) {
      space += String.fromCodePoint(ch);
      this.next();
      ch = this.peek();
    }
    return `<<${space}`;
  }

  private getEnv(name: string): string | undefined {
    if (this.options.keepVariables) return undefined;
    return this.env(name);
  }
}

function runeString(ch: number): string {
  // Go's string(rune(-1)) is U+FFFD.
  return ch === EOF ? '\uFFFD' : String.fromCodePoint(ch);
}

function isDigit(ch: number): boolean {
  return ch >= 0 && /^\p{Nd}$/u.test(String.fromCodePoint(ch));
}

function isLetter(ch: number): boolean {
  return ch >= 0 && /^\p{L}$/u.test(String.fromCodePoint(ch));
}

function isSpecialParam(ch: number): boolean {
  // @ * # ? - $ ! 0
  return (
    ch === 0x40 || ch === 0x2a || ch === 0x23 || ch === 0x3f || ch === 0x2d || ch === 0x24 || ch === 0x21 || ch === 0x30
  );
}

/**
 * A shell wildcard pattern (`*`, `?`, `\` escapes; no bracket expressions) as a regular expression
 * with Go's RE2 meaning (`.` is any character but newline).
 */
export function shellPatternToRegExp(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = Array.from(pattern);
  if (chars[0] === '\uFEFF') chars.shift();
  let out = anchored ? '^' : '';
  const star = greedy ? '[^\\n]*' : '[^\\n]*?';
  for (let i = 0; i < chars.length; i++) {
    let tok = chars[i] as string;
    switch (tok) {
      case '*':
        out += star;
        continue;
      case '?':
        out += '[^\\n]';
        continue;
      case '\\': {
        const peek = chars[i + 1];
        if (peek === '}' || peek === '/') continue;
        out += '\\';
        i++;
        tok = chars[i] ?? '\uFFFD'; // Go prints EOF (-1) as U+FFFD
        if (tok !== '*' && tok !== '?' && tok !== '\\') {
          throw new ShellLexError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${tok}'`);
        }
        break;
      }
      case '[':
      case ']':
      case '{':
      case '}':
      case '.':
      case '+':
      case '(':
      case ')':
      case '|':
      case '^':
      case '$':
        out += '\\';
        break;
    }
    out += tok;
  }
  return new RegExp(out, 'gu');
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const re = shellPatternToRegExp(pattern, greedy, true);
  re.lastIndex = 0;
  const match = re.exec(value);
  return match ? value.slice(match.index + match[0].length) : value;
}

/** Reverses a pattern but keeps each `\x` escape in front of its character. */
export function reversePattern(pattern: string): string {
  const runes = Array.from(pattern);
  const out: string[] = new Array(runes.length);
  const last = runes.length - 1;
  for (let i = 0; i <= last; ) {
    const tok = runes[i] as string;
    const outIdx = last - i;
    if (tok === '\\' && i !== last) {
      out[outIdx - 1] = tok;
      out[outIdx] = runes[i + 1] as string;
      i += 2;
    } else {
      out[outIdx] = tok;
      i++;
    }
  }
  return out.join('');
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}

/** Go's `Regexp.ReplaceAllString`, including its `$name` template expansion in the replacement. */
function goReplaceAll(re: RegExp, src: string, template: string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    re.lastIndex = searchPos;
    const match = re.exec(src);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    out += src.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) out += expandTemplate(template, match[0]);
    lastMatchEnd = end;
    const width = searchPos < src.length ? ((src.codePointAt(searchPos) ?? 0) > 0xffff ? 2 : 1) : 0;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + src.slice(lastMatchEnd);
}

function expandTemplate(template: string, whole: string): string {
  let out = '';
  let rest = template;
  for (;;) {
    const idx = rest.indexOf('$');
    if (idx < 0) break;
    out += rest.slice(0, idx);
    rest = rest.slice(idx + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const extracted = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!extracted) {
      out += '$';
      continue;
    }
    rest = rest.slice(extracted[0].length);
    const name = extracted[1] ?? extracted[2] ?? '';
    // Only group 0 exists: the patterns escape every parenthesis.
    if (/^[0-9]+$/.test(name) && Number(name) === 0) out += whole;
  }
  return out + rest;
}

/** BuildKit's `Lex.ProcessWord`: one word, quotes and escapes removed, variables substituted. */
export function processWord(word: string, env: EnvLookup = EMPTY_ENV, options: ShellLexOptions = {}): string {
  return new ShellWord(word, env, options).run().result;
}

/** BuildKit's `Lex.ProcessWords`: like processWord, then split into words (after substitution). */
export function processWords(word: string, env: EnvLookup = EMPTY_ENV, options: ShellLexOptions = {}): string[] {
  return new ShellWord(word, env, options).run().words;
}

/**
 * Decodes a word the way the builder would (quotes and escapes removed) but keeps every variable
 * reference as written, and reports them. Throws ShellLexError for malformed words.
 */
export function decodeWord(
  word: string,
  escapeToken = '\\',
): { readonly text: string; readonly words: readonly string[] } & WordInfo {
  const lexer = new ShellWord(word, EMPTY_ENV, { escapeToken, keepVariables: true });
  const { result, words } = lexer.run();
  return { text: result, words, variables: lexer.variables, literalDollar: lexer.literalDollar };
}
