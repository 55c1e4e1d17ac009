// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in plain strings is Dockerfile syntax under test
/**
 * A test-side model of how BuildKit reads Dockerfile text, written from its source (moby/buildkit
 * frontend/dockerfile/shell/lex.go, parser/parser.go, parser/line_parsers.go,
 * parser/split_command.go, parser/directives.go, instructions/parse.go, instructions/bflag.go).
 * Used to decode what the emitter prints back into values; not shipped.
 *
 * Two dialects, because a Dockerfile without `# syntax=` is read by whatever frontend the engine
 * has built in:
 * - `engine-20.10`: BuildKit v0.8 as vendored by Docker Engine 20.10 (our test engine).
 *   JSON forms are read with a streaming decoder that takes the FIRST JSON value and ignores the
 *   rest of the line (`RUN ["a"] && b` is exec form `["a"]`); `${X-y}` and `${X+y}` (no colon) are
 *   errors ("missing ':' in substitution"); no heredocs; lines end at `\n` with one `\r` dropped.
 * - `current`: BuildKit master. The whole rest of the line must be JSON, else shell form;
 *   `${X-y}`/`${X+y}` work; `<<` is a heredoc in RUN/COPY/ADD; all trailing `\r`/`\n` are dropped.
 * Not modelled (they throw NotModelledError): `${X#p}`, `${X%p}`, `${X/a/b}` (frontend 1.7+).
 *
 * Go details that matter and are easy to miss:
 * - Go's text/scanner skips a U+FEFF (BOM) that is the very first character of a word.
 * - `unicode.IsSpace` includes U+0085 (NEL) and U+00A0 (NBSP); JavaScript's `trim()` does not trim
 *   U+0085 and does trim U+FEFF, which Go does not.
 * - extractBuilderFlags and parseHealthConfig walk BYTES: every byte of a multi-byte character in a
 *   flag becomes its own Latin-1 character (`ü` → `Ã¼`), and bytes 0x85/0xA0 count as spaces.
 * - A file is UTF-8 on disk: a lone UTF-16 surrogate written from JavaScript arrives as U+FFFD.
 */

/** Which BuildKit reads the text; see the module comment. */
export type Dialect = 'engine-20.10' | 'current';

export const DIALECTS: readonly Dialect[] = ['engine-20.10', 'current'];

/** Variables visible to word processing (BuildKit's EnvGetter). */
export type WordEnv = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

export interface LexOptions {
  readonly dialect?: Dialect;
  /** `\` (default) or `` ` `` from `# escape=`. */
  readonly escapeToken?: string;
  /** Keep the quote characters in the result (Lex.RawQuotes). */
  readonly rawQuotes?: boolean;
  /** Keep escape characters in the result (Lex.RawEscapes). */
  readonly rawEscapes?: boolean;
  /** Leave references to unset variables as written (Lex.SkipUnsetEnv). */
  readonly skipUnsetEnv?: boolean;
}

/** BuildKit would fail with this message (wording follows BuildKit's where it is useful). */
export class BuildkitError extends Error {
  override readonly name = 'BuildkitError';
}

/** Input uses a feature this model does not implement; a test hitting this must be extended. */
export class NotModelledError extends Error {
  override readonly name = 'NotModelledError';
}

const EOF = '';

// ---------------------------------------------------------------------------------------------
// Characters as Go classifies them

/** Go's unicode.IsSpace. */
export function isGoSpace(ch: string): boolean {
  switch (ch) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case '\u0085':
    case '\u00A0':
    case '\u1680':
    case '\u2028':
    case '\u2029':
    case '\u202F':
    case '\u205F':
    case '\u3000':
      return true;
    default:
      return ch >= '\u2000' && ch <= '\u200A';
  }
}

/** Go's strings.TrimSpace (by code point). */
export function goTrimSpace(text: string): string {
  return goTrimRight(goTrimLeft(text));
}

export function goTrimLeft(text: string): string {
  const chars = Array.from(text);
  let start = 0;
  while (start < chars.length && isGoSpace(chars[start] as string)) start++;
  return chars.slice(start).join('');
}

function goTrimRight(text: string): string {
  const chars = Array.from(text);
  let end = chars.length;
  while (end > 0 && isGoSpace(chars[end - 1] as string)) end--;
  return chars.slice(0, end).join('');
}

const GO_LETTER = /^\p{L}$/u;
const GO_DIGIT = /^\p{Nd}$/u;
/** The parser's reWhitespace: `[\t\v\f\r ]+`. */
const RE_WHITESPACE = /[\t\v\f\r ]+/;
/** Go RE2's `\s` (no \v). */
const GO_RE_SPACE = '[\\t\\n\\f\\r ]';

/** What a JavaScript string becomes after a round trip through a UTF-8 file. */
export function asUtf8File(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function lookup(env: WordEnv, name: string): string | undefined {
  if (env instanceof Map) return env.get(name);
  return Object.hasOwn(env, name) ? (env as Record<string, string>)[name] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Word processing (shell/lex.go)

/** Go's text/scanner over one word: code points, with a leading BOM skipped on the first peek. */
class Scanner {
  private readonly chars: string[];
  private pos = 0;
  private started = false;

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  peek(): string {
    if (!this.started) {
      this.started = true;
      if (this.chars[0] === '\uFEFF') this.pos = 1;
    }
    return this.chars[this.pos] ?? EOF;
  }

  next(): string {
    const ch = this.peek();
    if (ch !== EOF) this.pos++;
    return ch;
  }
}

class Words {
  private buf = '';
  private readonly words: string[] = [];
  private inWord = false;

  addChar(ch: string): void {
    if (isGoSpace(ch) && this.inWord) {
      if (this.buf.length !== 0) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else if (!isGoSpace(ch)) {
      this.addRawChar(ch);
    }
  }

  addRawChar(ch: string): void {
    this.buf += ch;
    this.inWord = true;
  }

  addString(text: string): void {
    for (const ch of text) this.addChar(ch);
  }

  addRawString(text: string): void {
    this.buf += text;
    this.inWord = true;
  }

  getWords(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

class ShellWord {
  private readonly scanner: Scanner;
  private readonly dialect: Dialect;
  private readonly escapeToken: string;
  private readonly rawQuotes: boolean;
  private readonly skipUnsetEnv: boolean;
  private rawEscapes: boolean;

  constructor(
    word: string,
    private readonly env: WordEnv,
    options: LexOptions,
  ) {
    this.scanner = new Scanner(word);
    this.dialect = options.dialect ?? 'current';
    this.escapeToken = options.escapeToken ?? '\\';
    this.rawQuotes = options.rawQuotes ?? false;
    this.skipUnsetEnv = options.skipUnsetEnv ?? false;
    this.rawEscapes = options.rawEscapes ?? false;
  }

  process(): { result: string; words: string[] } {
    return this.processStopOn(EOF, this.rawEscapes);
  }

  private processStopOn(stopChar: string, rawEscapes: boolean): { result: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = '';
      const words = new Words();
      const sc = this.scanner;
      while (sc.peek() !== EOF) {
        let ch = sc.peek();
        if (stopChar !== EOF && ch === stopChar) {
          sc.next();
          return { result, words: words.getWords() };
        }
        const special = this.special(ch);
        if (special) {
          const tmp = special();
          result += tmp;
          if (ch === '$') words.addString(tmp);
          else words.addRawString(tmp);
          continue;
        }
        ch = sc.next();
        if (ch === this.escapeToken) {
          if (this.rawEscapes) {
            words.addRawChar(ch);
            result += ch;
          }
          // The escape character escapes the next one; at the end of the word it is dropped.
          ch = sc.next();
          if (ch === EOF) break;
          words.addRawChar(ch);
        } else {
          words.addChar(ch);
        }
        result += ch;
      }
      if (stopChar !== EOF) {
        throw new BuildkitError(`unexpected end of statement while looking for matching ${stopChar}`);
      }
      return { result, words: words.getWords() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private special(ch: string): (() => string) | undefined {
    switch (ch) {
      case '$':
        return () => this.processDollar();
      case "'":
        return () => this.processSingleQuote();
      case '"':
        return () => this.processDoubleQuote();
      case '<':
        // BuildKit v0.9+ keeps `<<` plus following blanks together (for heredocs); v0.8 has no hook.
        return this.dialect === 'current' ? () => this.processPossibleHeredoc() : undefined;
      default:
        return undefined;
    }
  }

  private processSingleQuote(): string {
    const sc = this.scanner;
    let result = '';
    const open = sc.next();
    if (this.rawQuotes) result += open;
    for (;;) {
      const ch = sc.next();
      if (ch === EOF) throw new BuildkitError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") {
        if (this.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    const sc = this.scanner;
    let result = '';
    const open = sc.next();
    if (this.rawQuotes) result += open;
    for (;;) {
      const peek = sc.peek();
      if (peek === EOF) throw new BuildkitError('unexpected end of statement while looking for matching double-quote');
      if (peek === '"') {
        const close = sc.next();
        if (this.rawQuotes) result += close;
        return result;
      }
      if (peek === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = sc.next();
      if (ch === this.escapeToken) {
        if (this.rawEscapes) result += ch;
        const after = sc.peek();
        // Ignore the escape character at the end of the word.
        if (after === EOF) continue;
        // Inside double quotes only `"`, `$` and the escape character itself can be escaped.
        if (after === '"' || after === '$' || after === this.escapeToken) ch = sc.next();
      }
      result += ch;
    }
  }

  private processPossibleHeredoc(): string {
    const sc = this.scanner;
    sc.next();
    if (sc.peek() !== '<') return '<';
    sc.next();
    let space = '';
    while (sc.peek() === '\t' || sc.peek() === '\r' || sc.peek() === ' ') space += sc.next();
    return `<<${space}`;
  }

  private getEnv(name: string): { value: string; set: boolean } {
    const value = lookup(this.env, name);
    return value === undefined ? { value: '', set: false } : { value, set: true };
  }

  private processName(): string {
    const sc = this.scanner;
    let name = '';
    while (sc.peek() !== EOF) {
      const ch = sc.peek();
      if (name === '' && GO_DIGIT.test(ch)) {
        while (sc.peek() !== EOF && GO_DIGIT.test(sc.peek())) name += sc.next();
        return name;
      }
      if (name === '' && '@*#?-$!0'.includes(ch)) {
        sc.next();
        return ch;
      }
      if (!GO_LETTER.test(ch) && !GO_DIGIT.test(ch) && ch !== '_') break;
      name += sc.next();
    }
    return name;
  }

  private stopOnBrace(rawEscapes: boolean): string {
    try {
      return this.processStopOn('}', rawEscapes).result;
    } catch (error) {
      if (error instanceof BuildkitError && this.scanner.peek() === EOF) {
        throw new BuildkitError("syntax error: missing '}'");
      }
      throw error;
    }
  }

  private processDollar(): string {
    const sc = this.scanner;
    sc.next();
    if (sc.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const { value, set } = this.getEnv(name);
      if (!set && this.skipUnsetEnv) return `$${name}`;
      return value;
    }
    sc.next();
    const first = sc.peek();
    if (first === EOF) throw new BuildkitError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new BuildkitError('syntax error: bad substitution');
    const name = this.processName();
    return this.dialect === 'current' ? this.modifierCurrent(name) : this.modifierV08(name);
  }

  private modifierCurrent(name: string): string {
    const sc = this.scanner;
    let ch = sc.next();
    let chs = ch;
    let nullIsUnset = false;
    if (ch === '}') {
      const { value, set } = this.getEnv(name);
      if (!set && this.skipUnsetEnv) return `\${${name}}`;
      return value;
    }
    if (ch === '/') throw new NotModelledError('${VAR/pattern/replacement} is not modelled');
    if (ch === ':') {
      nullIsUnset = true;
      ch = sc.next();
      chs += ch;
    } else if (!'+-?#%'.includes(ch) || ch === EOF) {
      throw new BuildkitError(`unsupported modifier (${chs}) in substitution`);
    }
    const rawEscapes = ch === '#' || ch === '%';
    if (nullIsUnset && rawEscapes) throw new BuildkitError(`unsupported modifier (${chs}) in substitution`);
    const word = this.stopOnBrace(rawEscapes);
    const { value, set } = this.getEnv(name);
    if (this.skipUnsetEnv && !set) return `\${${name}${chs}${word}}`;
    const unset = !set || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return unset ? word : value;
      case '+':
        return unset ? '' : word;
      case '?':
        if (!set) throw new BuildkitError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
        if (nullIsUnset && value === '') {
          throw new BuildkitError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
        }
        return value;
      case '#':
      case '%':
        throw new NotModelledError(`\${VAR${ch}pattern} is not modelled`);
      default:
        throw new BuildkitError(`unsupported modifier (${chs}) in substitution`);
    }
  }

  private modifierV08(name: string): string {
    const sc = this.scanner;
    const ch = sc.next();
    if (ch === '}') {
      const { value, set } = this.getEnv(name);
      if (!set && this.skipUnsetEnv) return `\${${name}}`;
      return value;
    }
    if (ch === '?') {
      const word = this.stopOnBrace(false);
      const { value, set } = this.getEnv(name);
      if (!set) {
        if (this.skipUnsetEnv) return `\${${name}?${word}}`;
        throw new BuildkitError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
      }
      return value;
    }
    if (ch !== ':') throw new BuildkitError("missing ':' in substitution");
    const modifier = sc.next();
    const word = this.stopOnBrace(false);
    const { value, set } = this.getEnv(name);
    const keep = () => `\${${name}:${modifier}${word}}`;
    switch (modifier) {
      case '+':
        if (!set && this.skipUnsetEnv) return keep();
        return value !== '' ? word : value;
      case '-':
        if (!set && this.skipUnsetEnv) return keep();
        return value === '' ? word : value;
      case '?':
        if (!set) {
          if (this.skipUnsetEnv) return keep();
          throw new BuildkitError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
        }
        if (value === '') throw new BuildkitError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
        return value;
      default:
        throw new BuildkitError(`unsupported modifier (${modifier}) in substitution`);
    }
  }
}

/** Lex.ProcessWord: quotes removed, escapes and variables processed, inner whitespace kept. */
export function processWord(word: string, env: WordEnv = {}, options: LexOptions = {}): string {
  return new ShellWord(word, env, options).process().result;
}

/** Lex.ProcessWords: like processWord, then split on unquoted whitespace (after expansion). */
export function processWords(word: string, env: WordEnv = {}, options: LexOptions = {}): string[] {
  return new ShellWord(word, env, options).process().words;
}

// ---------------------------------------------------------------------------------------------
// Line parsers (parser/line_parsers.go, parser/split_command.go)

/** parseWords: split on whitespace outside quotes, keeping quotes and escapes in the words. */
export function parseWords(rest: string, escapeToken = '\\'): string[] {
  const chars = Array.from(rest);
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let quote = '';
  let blankOK = false;
  let word = '';
  for (let pos = 0; pos <= chars.length; pos++) {
    let ch = chars[pos] ?? '';
    const atEnd = pos === chars.length;
    if (phase === 'spaces') {
      if (atEnd) break;
      if (isGoSpace(ch)) continue;
      phase = 'word';
    }
    if (atEnd) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escapeToken) {
        if (pos + 1 === chars.length) continue; // an escape at the end of the line is skipped
        word += ch;
        pos++;
        ch = chars[pos] as string;
      }
      word += ch;
      continue;
    }
    // phase === 'quote'
    if (ch === quote) phase = 'word';
    if (ch === escapeToken && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      pos++;
      word += ch;
      ch = chars[pos] as string;
    }
    word += ch;
  }
  return words;
}

export interface BuilderFlagsResult {
  /** The text after the flags, untouched. */
  readonly rest: string;
  /** Flag words with quotes and escapes removed, e.g. `--mount=type=cache,target=/x`. */
  readonly flags: readonly string[];
}

/** extractBuilderFlags: reads `--name[=value]` words at the start, BYTE by byte (see module comment). */
export function extractBuilderFlags(line: string, escapeToken = '\\'): BuilderFlagsResult {
  const bytes = Buffer.from(line, 'utf8');
  const esc = escapeToken.charCodeAt(0);
  const flags: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = 0;
  let blankOK = false;
  const space = (byte: number) => isGoSpace(String.fromCharCode(byte));
  for (let pos = 0; pos <= bytes.length; pos++) {
    const atEnd = pos === bytes.length;
    let ch = atEnd ? 0 : (bytes[pos] as number);
    if (phase === 'spaces') {
      if (atEnd) break;
      if (space(ch)) continue;
      if (ch !== 0x2d || pos + 1 === bytes.length || bytes[pos + 1] !== 0x2d) {
        return { rest: bytes.subarray(pos).toString('utf8'), flags };
      }
      phase = 'word';
    }
    if (atEnd) {
      if (word !== '--' && (blankOK || word.length > 0)) flags.push(word);
      break;
    }
    if (phase === 'word') {
      if (space(ch)) {
        phase = 'spaces';
        if (word === '--') return { rest: bytes.subarray(pos).toString('utf8'), flags };
        if (blankOK || word.length > 0) flags.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === 0x27 || ch === 0x22) {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === esc) {
        if (pos + 1 === bytes.length) continue;
        pos++;
        ch = bytes[pos] as number;
      }
      word += String.fromCharCode(ch); // one byte, one (Latin-1) character: Go's rune(line[pos])
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === esc) {
      if (pos + 1 === bytes.length) {
        phase = 'word';
        continue;
      }
      pos++;
      ch = bytes[pos] as number;
    }
    word += String.fromCharCode(ch);
  }
  return { rest: '', flags };
}

/** A parsed `--name[=value]` builder flag (BFlags). */
export interface BuilderFlag {
  readonly name: string;
  readonly value: string | undefined;
}

/** BFlags.Parse, without knowing which flags an instruction accepts: `--` ends the flags. */
export function parseBuilderFlags(flags: readonly string[]): BuilderFlag[] {
  const out: BuilderFlag[] = [];
  for (const flag of flags) {
    if (flag === '--') break;
    if (!flag.startsWith('--')) throw new BuildkitError(`arg should start with -- : ${flag}`);
    const eq = flag.indexOf('=');
    out.push(
      eq < 0 ? { name: flag.slice(2), value: undefined } : { name: flag.slice(2, eq), value: flag.slice(eq + 1) },
    );
  }
  return out;
}

/** A `--mount` value: one CSV record (encoding/csv), each field `key[=value]`. */
export function parseMountFields(value: string): [key: string, value: string | undefined][] {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  const chars = Array.from(value);
  let fieldStart = true;
  while (i <= chars.length) {
    const ch = chars[i];
    if (ch === undefined || (ch === ',' && !fieldStart) || (ch === ',' && fieldStart)) {
      fields.push(field);
      field = '';
      fieldStart = true;
      i++;
      if (ch === undefined) break;
      continue;
    }
    if (fieldStart && ch === '"') {
      // A quoted field: `""` is a quote, the field ends at the closing quote.
      i++;
      for (;;) {
        const c = chars[i];
        if (c === undefined) throw new BuildkitError('extraneous or missing " in quoted-field');
        if (c === '"') {
          if (chars[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (chars[i] !== undefined && chars[i] !== ',')
        throw new BuildkitError('extraneous or missing " in quoted-field');
      fieldStart = false;
      continue;
    }
    if (ch === '"') throw new BuildkitError('bare " in non-quoted-field');
    field += ch;
    fieldStart = false;
    i++;
  }
  return fields.map((entry) => {
    const eq = entry.indexOf('=');
    return eq < 0 ? [entry, undefined] : [entry.slice(0, eq), entry.slice(eq + 1)];
  });
}

/** The first JSON value of `text` if it is an array, with Go's decoding of lone surrogates. */
function decodeJsonArray(text: string, dialect: Dialect): unknown[] | undefined {
  if (dialect === 'current') {
    try {
      const value: unknown = JSON.parse(text);
      return Array.isArray(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  // json.Decoder.Decode: the first complete value wins; what follows it is ignored.
  for (let end = text.indexOf(']'); end >= 0; end = text.indexOf(']', end + 1)) {
    try {
      const value: unknown = JSON.parse(text.slice(0, end + 1));
      return Array.isArray(value) ? value : undefined;
    } catch {
      // keep looking for a longer prefix
    }
  }
  return undefined;
}

const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** parseJSON: a JSON array of strings, `undefined` when not JSON; throws for non-string elements. */
export function parseJson(rest: string, dialect: Dialect): string[] | undefined {
  const text = goTrimLeft(rest);
  if (!text.startsWith('[')) return undefined;
  const values = decodeJsonArray(text, dialect);
  if (values === undefined) return undefined;
  return values.map((value) => {
    if (typeof value !== 'string') {
      throw new BuildkitError('when using JSON array syntax, arrays must be comprised of strings only');
    }
    return value.replace(LONE_SURROGATES, '\uFFFD');
  });
}

// ---------------------------------------------------------------------------------------------
// The parser (parser/parser.go)

export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** `=` for `key=value`, `` for the legacy `KEY name value` form. */
  readonly sep: '=' | '';
}

/** What an instruction's dispatch function made of its arguments. */
export type InstructionArgs =
  | { readonly kind: 'nameVal'; readonly pairs: readonly KeyValue[] }
  | { readonly kind: 'words'; readonly words: readonly string[] }
  | { readonly kind: 'maybeJson'; readonly json: boolean; readonly values: readonly string[] }
  | { readonly kind: 'list'; readonly json: boolean; readonly values: readonly string[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'health'; readonly type: string; readonly json: boolean; readonly values: readonly string[] }
  | { readonly kind: 'sub'; readonly child: ParsedInstruction | undefined }
  | { readonly kind: 'ignored' };

export interface Heredoc {
  readonly name: string;
  readonly content: string;
  readonly expand: boolean;
  readonly chomp: boolean;
}

export interface ParsedInstruction {
  /** Upper-cased keyword. */
  readonly keyword: string;
  /** Builder flag words (quotes and escapes removed; non-ASCII mangled byte-wise, as BuildKit does). */
  readonly flags: readonly string[];
  /** Arguments after the flags, trimmed, as the dispatch function saw them. */
  readonly rest: string;
  readonly args: InstructionArgs;
  /** The logical line after joining continuations. */
  readonly original: string;
  /** 1-based physical lines. */
  readonly startLine: number;
  readonly endLine: number;
  readonly heredocs: readonly Heredoc[];
}

export interface ParsedDockerfile {
  readonly directives: readonly { readonly name: string; readonly value: string }[];
  readonly escapeToken: string;
  readonly instructions: readonly ParsedInstruction[];
  /** Empty continuation lines (BuildKit warns about them). */
  readonly warnings: readonly string[];
}

function regexEscape(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function continuationRegex(escapeToken: string): RegExp {
  const e = regexEscape(escapeToken);
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`, 'u');
}

function isComment(line: string): boolean {
  return goTrimLeft(line).startsWith('#');
}

class DirectiveParser {
  done = false;
  private readonly seen = new Set<string>();
  private readonly regex: RegExp;

  constructor(private readonly dialect: Dialect) {
    const s = GO_RE_SPACE;
    this.regex =
      dialect === 'current'
        ? new RegExp(`^([a-zA-Z][a-zA-Z0-9]*)${s}*=${s}*(.+?)${s}*$`, 'su')
        : new RegExp(`^#${s}*([a-zA-Z][a-zA-Z0-9]*)${s}*=${s}*(.+?)${s}*$`, 'su');
  }

  parseLine(line: string): { name: string; value: string } | undefined {
    if (this.done) return undefined;
    let text = line;
    if (this.dialect === 'current') {
      if (!text.startsWith('#')) {
        this.done = true;
        return undefined;
      }
      text = goTrimLeft(text.slice(1));
    }
    const match = this.regex.exec(text);
    const valid = this.dialect === 'current' ? ['syntax', 'escape', 'check'] : ['syntax', 'escape'];
    const name = match?.[1]?.toLowerCase();
    if (!match || name === undefined || !valid.includes(name)) {
      this.done = true;
      return undefined;
    }
    if (this.seen.has(name)) throw new BuildkitError(`only one ${name} parser directive can be used`);
    this.seen.add(name);
    return { name, value: match[2] as string };
  }
}

export interface ParseOptions {
  readonly dialect?: Dialect;
}

/** Physical lines as BuildKit's scanner delivers them, with line endings already removed. */
function physicalLines(text: string, dialect: Dialect): string[] {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  for (const line of raw) {
    if (Buffer.byteLength(line, 'utf8') + 1 > 64 * 1024) {
      throw new BuildkitError(`dockerfile line greater than max allowed size of ${64 * 1024 - 1}`);
    }
  }
  // current: trimNewline drops every trailing CR/LF; v0.8 (bufio.ScanLines): one trailing CR.
  return raw.map((line) => (dialect === 'current' ? line.replace(/[\r\n]+$/, '') : line.replace(/\r$/, '')));
}

/** parser.Parse: directives, comments, continuation lines, heredocs, one node per instruction. */
export function parseDockerfile(source: string, options: ParseOptions = {}): ParsedDockerfile {
  const dialect = options.dialect ?? 'current';
  const text = asUtf8File(source);
  const lines = physicalLines(text, dialect);
  const directiveParser = new DirectiveParser(dialect);
  const directives: { name: string; value: string }[] = [];
  let escapeToken = '\\';
  let continuation = continuationRegex(escapeToken);
  const instructions: ParsedInstruction[] = [];
  const warnings: string[] = [];

  const processLine = (line: string, stripLeft: boolean): string => {
    const token = stripLeft ? goTrimLeft(line) : line;
    const directive = directiveParser.parseLine(token);
    if (directive) {
      directives.push(directive);
      if (directive.name === 'escape') {
        if (directive.value !== '`' && directive.value !== '\\') {
          throw new BuildkitError(`invalid escape token '${directive.value}' does not match \` or \\`);
        }
        escapeToken = directive.value;
        continuation = continuationRegex(escapeToken);
      }
    }
    return isComment(token) ? '' : token;
  };
  const trimContinuation = (line: string): [string, boolean] => {
    if (continuation.test(line))
      return [line.replace(continuation, (_all, kept: string | undefined) => kept ?? ''), false];
    return [line, true];
  };

  let index = 0;
  while (index < lines.length) {
    let physical = lines[index] as string;
    if (index === 0 && physical.startsWith('\uFEFF')) physical = physical.slice(1);
    index++;
    const startLine = index;
    let [line, isEnd] = trimContinuation(processLine(physical, true));
    if (isEnd && line === '') continue;
    let hasEmptyContinuation = false;
    while (!isEnd && index < lines.length) {
      const next = lines[index] as string;
      index++;
      const processed = processLine(next, false);
      if (isComment(next)) continue;
      if (goTrimLeft(processed) === '') {
        hasEmptyContinuation = true;
        continue;
      }
      const [part, end] = trimContinuation(processed);
      line += part;
      isEnd = end;
    }
    if (hasEmptyContinuation) warnings.push(`Empty continuation line found in: ${line}`);
    const node = nodeFromLine(line, escapeToken, dialect, startLine, index);
    let heredocs: Heredoc[] = [];
    if (dialect === 'current' && canContainHeredoc(node) && line.includes('<<')) {
      heredocs = [];
      for (const found of heredocsFromLine(line)) {
        let content = '';
        let terminated = false;
        while (index < lines.length) {
          const body = lines[index] as string;
          index++;
          const candidate = found.chomp ? body.replace(/^\t+/, '') : body;
          if (candidate === found.name) {
            terminated = true;
            break;
          }
          content += `${body}\n`;
        }
        if (!terminated) throw new BuildkitError('unterminated heredoc');
        heredocs.push({ ...found, content });
      }
    }
    instructions.push({ ...node, endLine: index, heredocs });
  }
  if (instructions.length === 0) throw new BuildkitError('file with no instructions');
  return { directives, escapeToken, instructions, warnings };
}

function canContainHeredoc(node: ParsedInstruction): boolean {
  let target: ParsedInstruction | undefined = node;
  if (node.keyword === 'ONBUILD' && node.args.kind === 'sub') target = node.args.child;
  if (!target || !['RUN', 'COPY', 'ADD'].includes(target.keyword)) return false;
  const args = target.args;
  return !((args.kind === 'maybeJson' || args.kind === 'list') && args.json);
}

const HEREDOC = new RegExp(`^(\\d*)<<(-?)${GO_RE_SPACE}*([^<]*)$`, 'su');

/** parser.ParseHeredoc for one word. */
export function parseHeredocWord(word: string): Omit<Heredoc, 'content'> | undefined {
  const match = HEREDOC.exec(word);
  if (!match) return undefined;
  const rest = match[3] as string;
  if (rest === '') return undefined;
  const words = processWords(rest, {}, { skipUnsetEnv: true });
  if (words.length !== 1) return undefined;
  const raw = processWords(rest, {}, { skipUnsetEnv: true, rawQuotes: true });
  const quotes = (w: string) => (w.match(/['"]/g) ?? []).length;
  return {
    name: words[0] as string,
    expand: quotes(words[0] as string) === quotes(raw[0] as string),
    chomp: match[2] === '-',
  };
}

function heredocsFromLine(line: string): Omit<Heredoc, 'content'>[] {
  let words: string[];
  try {
    words = processWords(line, {}, { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
  } catch {
    words = [];
  }
  return words.flatMap((word) => {
    const heredoc = parseHeredocWord(word);
    return heredoc ? [heredoc] : [];
  });
}

function splitWhitespace(rest: string): string[] {
  if (rest === '') return [];
  return rest.split(new RegExp(RE_WHITESPACE.source, 'g'));
}

function nodeFromLine(
  line: string,
  escapeToken: string,
  dialect: Dialect,
  startLine: number,
  endLine: number,
): ParsedInstruction {
  // splitCommand
  const trimmed = goTrimSpace(line);
  const match = RE_WHITESPACE.exec(trimmed);
  const keywordText = match ? trimmed.slice(0, match.index) : trimmed;
  let rest = '';
  let flags: readonly string[] = [];
  if (match) {
    const extracted = extractBuilderFlags(trimmed.slice(match.index + match[0].length), escapeToken);
    rest = goTrimSpace(extracted.rest);
    flags = extracted.flags;
  }
  const keyword = keywordText.toUpperCase();
  return {
    keyword,
    flags,
    rest,
    args: dispatchArgs(keyword, rest, escapeToken, dialect, startLine, endLine),
    original: line,
    startLine,
    endLine,
    heredocs: [],
  };
}

function dispatchArgs(
  keyword: string,
  rest: string,
  escapeToken: string,
  dialect: Dialect,
  startLine: number,
  endLine: number,
): InstructionArgs {
  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      return { kind: 'nameVal', pairs: parseNameVal(rest, keyword, escapeToken) };
    case 'ARG':
      return { kind: 'words', words: parseWords(rest, escapeToken) };
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return maybeJson(rest, dialect);
    case 'ADD':
    case 'COPY':
    case 'VOLUME': {
      const json = parseJson(rest, dialect);
      return json
        ? { kind: 'list', json: true, values: json }
        : { kind: 'list', json: false, values: splitWhitespace(rest) };
    }
    case 'EXPOSE':
    case 'FROM':
      return { kind: 'list', json: false, values: splitWhitespace(rest) };
    case 'HEALTHCHECK':
      return parseHealthConfig(rest, dialect);
    case 'MAINTAINER':
    case 'STOPSIGNAL':
    case 'USER':
    case 'WORKDIR':
      return { kind: 'string', value: rest };
    case 'ONBUILD':
      return {
        kind: 'sub',
        child: rest === '' ? undefined : nodeFromLine(rest, escapeToken, dialect, startLine, endLine),
      };
    default:
      return { kind: 'ignored' };
  }
}

function maybeJson(rest: string, dialect: Dialect): InstructionArgs {
  if (rest === '') return { kind: 'maybeJson', json: false, values: [] };
  const json = parseJson(rest, dialect);
  return json ? { kind: 'maybeJson', json: true, values: json } : { kind: 'maybeJson', json: false, values: [rest] };
}

/** parseNameVal: `name=value ...` (or the legacy `NAME value`), quotes kept for processWord. */
export function parseNameVal(rest: string, keyword: string, escapeToken = '\\'): KeyValue[] {
  const words = parseWords(rest, escapeToken);
  if (words.length === 0) return [];
  if (!(words[0] as string).includes('=')) {
    const match = RE_WHITESPACE.exec(rest);
    if (!match) throw new BuildkitError(`${keyword} must have two arguments`);
    return [{ key: rest.slice(0, match.index), value: rest.slice(match.index + match[0].length), sep: '' }];
  }
  return words.map((word) => {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new BuildkitError(`Syntax error - can't find = in "${word}". Must be of the form: name=value`);
    }
    return { key: word.slice(0, eq), value: word.slice(eq + 1), sep: '=' };
  });
}

function parseHealthConfig(rest: string, dialect: Dialect): InstructionArgs {
  const bytes = Buffer.from(rest, 'utf8');
  const space = (byte: number | undefined) => byte !== undefined && isGoSpace(String.fromCharCode(byte));
  let sep = 0;
  while (sep < bytes.length && !space(bytes[sep])) sep++;
  let next = sep;
  while (next < bytes.length && space(bytes[next])) next++;
  if (sep === 0) return { kind: 'health', type: '', json: false, values: [] };
  const command = maybeJson(bytes.subarray(next).toString('utf8'), dialect);
  return {
    kind: 'health',
    type: bytes.subarray(0, sep).toString('utf8'),
    json: command.kind === 'maybeJson' && command.json,
    values: command.kind === 'maybeJson' ? command.values : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Decoding instructions to the values the builder uses (instructions/parse.go, dispatch)

/** The shell or exec form of RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK CMD. */
export type DecodedCommand =
  | { readonly form: 'shell'; readonly text: string }
  | { readonly form: 'exec'; readonly argv: readonly string[] };

/** ENV/LABEL: every key and value through processWord with the env as it was BEFORE the line. */
export function decodeKeyValues(
  instruction: ParsedInstruction,
  env: WordEnv = {},
  dialect: Dialect = 'current',
): [string, string][] {
  if (instruction.args.kind !== 'nameVal') throw new Error(`${instruction.keyword} has no key/value pairs`);
  return instruction.args.pairs.map((pair) => {
    if (pair.key === '') throw new BuildkitError(`${instruction.keyword} names can not be blank`);
    return [processWord(pair.key, env, { dialect }), processWord(pair.value, env, { dialect })];
  });
}

/** ARG: `name` or `name=default`, split at the first `=` after parseWords, then processWord. */
export function decodeArgs(
  instruction: ParsedInstruction,
  env: WordEnv = {},
  dialect: Dialect = 'current',
): [string, string | undefined][] {
  if (instruction.args.kind !== 'words') throw new Error(`${instruction.keyword} is not ARG`);
  if (instruction.args.words.length === 0) throw new BuildkitError('ARG requires at least one argument');
  return instruction.args.words.map((word) => {
    const eq = word.indexOf('=');
    if (eq === 0) throw new BuildkitError('ARG names can not be blank');
    const key = processWord(eq < 0 ? word : word.slice(0, eq), env, { dialect });
    return [key, eq < 0 ? undefined : processWord(word.slice(eq + 1), env, { dialect })];
  });
}

/** WORKDIR, USER, STOPSIGNAL: the whole rest of the line is one word. */
export function decodeSingleWord(
  instruction: ParsedInstruction,
  env: WordEnv = {},
  dialect: Dialect = 'current',
): string {
  if (instruction.args.kind !== 'string') throw new Error(`${instruction.keyword} does not take one word`);
  if (instruction.rest === '') throw new BuildkitError(`${instruction.keyword} requires exactly one argument`);
  return processWord(instruction.args.value, env, { dialect });
}

/** COPY/ADD/VOLUME paths: JSON elements or whitespace-split words, each through processWord. */
export function decodePaths(instruction: ParsedInstruction, env: WordEnv = {}, dialect: Dialect = 'current'): string[] {
  if (instruction.args.kind !== 'list') throw new Error(`${instruction.keyword} has no path list`);
  if (instruction.keyword !== 'VOLUME') {
    for (const value of instruction.args.values) {
      if (dialect === 'current' && parseHeredocWord(value)) {
        throw new BuildkitError(`${instruction.keyword} reads "${value}" as a heredoc, not a path`);
      }
    }
  }
  return instruction.args.values.map((value) => processWord(value, env, { dialect }));
}

/** RUN/CMD/ENTRYPOINT/SHELL (and HEALTHCHECK's command): exec form, or shell text as written. */
export function decodeCommand(instruction: ParsedInstruction): DecodedCommand {
  const args = instruction.args;
  if (args.kind !== 'maybeJson' && args.kind !== 'health') throw new Error(`${instruction.keyword} has no command`);
  if (args.json) return { form: 'exec', argv: args.values };
  if (instruction.heredocs.length > 0) {
    throw new NotModelledError('heredoc commands: read instruction.heredocs instead');
  }
  return { form: 'shell', text: args.values.join(' ') };
}

export interface DecodedInstruction {
  readonly keyword: string;
  readonly flags: readonly BuilderFlag[];
  readonly instruction: ParsedInstruction;
}

/** Parses a Dockerfile and returns its instructions with builder flags split into name/value. */
export function instructionsOf(text: string, dialect: Dialect = 'current'): DecodedInstruction[] {
  return parseDockerfile(text, { dialect }).instructions.map((instruction) => ({
    keyword: instruction.keyword,
    flags: parseBuilderFlags(instruction.flags),
    instruction,
  }));
}

/** The one instruction in `text` (a single emitted step); throws if there are more or fewer. */
export function onlyInstruction(text: string, dialect: Dialect = 'current'): ParsedInstruction {
  const { instructions } = parseDockerfile(text, { dialect });
  if (instructions.length !== 1) {
    throw new Error(`expected exactly one instruction, BuildKit (${dialect}) reads ${instructions.length}`);
  }
  return instructions[0] as ParsedInstruction;
}

// ---------------------------------------------------------------------------------------------
// BuildKit's AST dump (parser.Node.Dump), to compare with the corpus `result` files

const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.Quote, close enough for parser dumps. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\v') out += '\\v';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\u0007') out += '\\a';
    else if (code < 0x80 && GO_PRINTABLE.test(ch)) out += ch;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (GO_PRINTABLE.test(ch)) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

function argValues(args: InstructionArgs): string[] {
  switch (args.kind) {
    case 'nameVal':
      return args.pairs.flatMap((pair) => [goQuote(pair.key), goQuote(pair.value), goQuote(pair.sep)]);
    case 'words':
      return args.words.map(goQuote);
    case 'maybeJson':
    case 'list':
      return args.values.map(goQuote);
    case 'string':
      return args.value === '' ? [] : [goQuote(args.value)];
    case 'health':
      return args.type === '' ? [] : [goQuote(args.type), ...args.values.map(goQuote)];
    case 'sub':
      return args.child ? [`(${dumpInstruction(args.child)})`] : [];
    case 'ignored':
      return ['""'];
  }
}

function dumpInstruction(instruction: ParsedInstruction): string {
  const head = instruction.original.trim() === '' ? '' : goTrimSpace(instruction.original).split(RE_WHITESPACE)[0];
  let out = (head ?? '').toLowerCase();
  if (instruction.flags.length > 0) out += ` [${instruction.flags.map(goQuote).join(' ')}]`;
  for (const value of argValues(instruction.args)) out += ` ${value}`;
  return out.trim();
}

/** The text `parser.Parse(...).AST.Dump()` prints: one `(keyword ...)` per instruction. */
export function dumpAst(parsed: ParsedDockerfile): string {
  return parsed.instructions.map((instruction) => `(${dumpInstruction(instruction)})`).join('\n');
}
