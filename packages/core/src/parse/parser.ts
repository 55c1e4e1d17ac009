/**
 * A Dockerfile parser that behaves like BuildKit's (frontend/dockerfile/parser): same directives,
 * line continuations, comment and empty-line handling, heredocs, JSON/shell forms, flags and
 * per-instruction argument splitting, same errors. Written from BuildKit's behaviour and test cases;
 * `dumpAst` prints the tree in BuildKit's `Node.Dump()` format so both can be compared.
 */
import type { DockerfileAst, DockerfileComment, Heredoc, Instruction, ParserDirective, ParseWarning } from './ast.js';
import { DockerfileParseError } from './errors.js';
import {
  codePointAt,
  fromUtf8,
  goQuote,
  goRegexpSplit,
  goRune,
  goToLower,
  isGoSpace,
  toWellFormed,
  trimGoSpace,
  trimLeftGoSpace,
  utf8Bytes,
} from './goText.js';
import { EMPTY_ENV, processWords, ShellLexError } from './shellLex.js';

export interface ParseOptions {
  /** Name used in error messages. Default `Dockerfile`. */
  readonly file?: string;
}

/** BuildKit's bufio.Scanner limit: a physical line longer than this fails the parse. */
const MAX_LINE_BYTES = 65535;

// Go regexp `[\t\v\f\r ]+` (ASCII only, unlike unicode.IsSpace).
const RE_WHITESPACE = /[\t\v\f\r ]+/;
// Go `\s` is [\t\n\f\r ]; `.` is anything but \n.
const RE_DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;
const RE_HEREDOC = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_INSTRUCTIONS = new Set(['add', 'copy', 'run']);

/** An error BuildKit reports for an instruction; the caller adds the lines. */
class LineError extends Error {}

class DirectiveState {
  escapeToken: '\\' | '`' = '\\';
  continuation = continuationRegExp('\\');
  private done = false;
  private readonly seen = new Set<string>();
  readonly directives: ParserDirective[] = [];

  setEscapeToken(value: string): void {
    if (value !== '`' && value !== '\\') {
      throw new LineError(`invalid escape token '${value}' does not match \` or \\`);
    }
    this.escapeToken = value;
    this.continuation = continuationRegExp(value);
  }

  /** True when the (trimmed) line is a parser directive. Directives end at the first other line. */
  possibleDirective(line: string, lineNumber: number): boolean {
    if (this.done) return false;
    if (!line.startsWith('#')) {
      this.done = true;
      return false;
    }
    const match = RE_DIRECTIVE.exec(trimLeftGoSpace(line.slice(1)));
    const key = match?.[1]?.toLowerCase();
    if (!match || key === undefined || !VALID_DIRECTIVES.has(key)) {
      this.done = true;
      return false;
    }
    if (this.seen.has(key)) throw new LineError(`only one ${key} parser directive can be used`);
    this.seen.add(key);
    const value = match[2] ?? '';
    if (key === 'escape') this.setEscapeToken(value);
    this.directives.push({ name: key as ParserDirective['name'], value, line: lineNumber });
    return true;
  }
}

/**
 * The escape character ends a line (continues it) when it is the last non-blank character and is
 * not itself preceded by an escape character, or when it stands alone on the line.
 */
function continuationRegExp(escapeToken: string): RegExp {
  const e = `\\${escapeToken}`;
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

function trimNewline(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\n' || s[end - 1] === '\r')) end--;
  return s.slice(0, end);
}

function trimNewlineOnce(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function isComment(line: string): boolean {
  return trimLeftGoSpace(line).startsWith('#');
}

function isEmptyContinuationLine(line: string): boolean {
  return trimLeftGoSpace(trimNewline(line)).length === 0;
}

/** Splits text into lines that keep their `\n`, like BuildKit's scanLines. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

interface MutableInstruction {
  keyword: string;
  name: string;
  flags: string[];
  args: string[];
  json: boolean;
  trigger?: MutableInstruction;
  heredocs: Heredoc[];
  original: string;
  startLine: number;
  endLine: number;
  comments: string[];
}

/** Parses a Dockerfile as BuildKit does. Throws DockerfileParseError where BuildKit fails. */
export function parseDockerfile(source: string | Uint8Array, options: ParseOptions = {}): DockerfileAst {
  const file = options.file ?? 'Dockerfile';
  const text = typeof source === 'string' ? source : fromUtf8(source);
  const lines = splitLines(text);
  const d = new DirectiveState();
  const instructions: MutableInstruction[] = [];
  const comments: DockerfileComment[] = [];
  const warnings: ParseWarning[] = [];
  let prevComments: string[] = [];
  let currentLine = 0;
  let index = 0;
  let scanError: string | undefined;

  const fail = (reason: string, start: number, end: number = start): never => {
    throw new DockerfileParseError(reason, file, start, end);
  };
  const scan = (): string | undefined => {
    if (scanError !== undefined || index >= lines.length) return undefined;
    const line = lines[index] as string;
    // A UTF-16 unit is at most 3 UTF-8 bytes: only long lines need measuring.
    if (line.length > MAX_LINE_BYTES / 3 && utf8Bytes(trimNewlineOnce(line)).length > MAX_LINE_BYTES) {
      scanError = `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`;
      return undefined;
    }
    index++;
    return line;
  };
  const processLine = (token: string, stripLeft: boolean, lineNumber: number): [string, boolean] => {
    let line = trimNewline(token);
    if (stripLeft) line = trimLeftGoSpace(line);
    let directive: boolean;
    try {
      directive = d.possibleDirective(line, lineNumber);
    } catch (error) {
      // BuildKit reports these one line early (a 0-based index); we report the line itself.
      return error instanceof LineError ? fail(error.message, lineNumber) : raise(error);
    }
    return [isComment(line) ? '' : line, directive];
  };
  const trimContinuation = (line: string): [string, boolean] => {
    if (d.continuation.test(line)) return [line.replace(d.continuation, '$1'), false];
    return [line, true];
  };

  for (let token = scan(); token !== undefined; token = scan()) {
    let raw = token;
    if (currentLine === 0 && raw.startsWith('\uFEFF')) raw = raw.slice(1);
    const lineNumber = currentLine + 1;
    const comment = isComment(raw);
    if (comment) {
      // BuildKit drops the first character, not the `#` (they differ when the line is indented).
      const text = trimGoSpace(raw.slice(codePointAt(raw, 0)[1]));
      if (text === '') prevComments = [];
      else prevComments.push(text);
    }
    const [processed, isDirective] = processLine(raw, true, lineNumber);
    if (isDirective) prevComments.pop();
    else if (comment) comments.push(commentRecord(raw, lineNumber, false));
    currentLine++;

    const startLine = currentLine;
    let [bytesRead, isEndOfLine] = trimContinuation(processed);
    if (isEndOfLine && bytesRead.length === 0) continue;
    let line = bytesRead;

    let hasEmptyContinuationLine = false;
    while (!isEndOfLine) {
      const next = scan();
      if (next === undefined) break;
      const [continued] = processLine(next, false, currentLine + 1);
      currentLine++;
      if (isComment(next)) {
        comments.push(commentRecord(next, currentLine, true));
        continue;
      }
      if (isEmptyContinuationLine(continued)) {
        hasEmptyContinuationLine = true;
        continue;
      }
      [bytesRead, isEndOfLine] = trimContinuation(continued);
      line += bytesRead;
    }

    if (hasEmptyContinuationLine) {
      warnings.push({
        line: currentLine,
        message: `Empty continuation line found in: ${line}`,
        url: 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/',
      });
    }

    let child: MutableInstruction;
    try {
      child = newInstruction(line, d, prevComments);
    } catch (error) {
      return error instanceof LineError ? fail(error.message, startLine, currentLine) : raise(error);
    }

    if (canContainHeredoc(child) && line.includes('<<')) {
      let heredocs: Heredoc[];
      try {
        heredocs = heredocsFromLine(line);
      } catch (error) {
        return error instanceof LineError || error instanceof ShellLexError
          ? fail(error.message, startLine, currentLine)
          : raise(error);
      }
      for (const heredoc of heredocs) {
        let terminated = false;
        let content = heredoc.content;
        for (let body = scan(); body !== undefined; body = scan()) {
          currentLine++;
          let possibleTerminator = trimNewline(body);
          if (heredoc.chomp) possibleTerminator = possibleTerminator.replace(/^\t+/, '');
          if (possibleTerminator === heredoc.name) {
            terminated = true;
            break;
          }
          content += body;
        }
        if (!terminated) fail('unterminated heredoc', startLine, currentLine);
        child.heredocs.push({ ...heredoc, content });
      }
    }

    child.startLine = startLine;
    child.endLine = currentLine;
    if (child.trigger) {
      child.trigger.startLine = startLine;
      child.trigger.endLine = currentLine;
    }
    instructions.push(child);
    prevComments = [];
  }

  if (instructions.length === 0) fail('file with no instructions', currentLine);
  if (scanError !== undefined) fail(scanError, currentLine);

  return {
    directives: d.directives,
    escapeToken: d.escapeToken,
    instructions: instructions as Instruction[],
    comments,
    warnings,
    startLine: instructions[0]?.startLine ?? 0,
    endLine: instructions[instructions.length - 1]?.endLine ?? 0,
  };
}

function raise(error: unknown): never {
  throw error;
}

function commentRecord(raw: string, line: number, inContinuation: boolean): DockerfileComment {
  const body = trimNewline(raw);
  return { line, text: trimGoSpace(trimLeftGoSpace(body).slice(1)), raw: body, inContinuation };
}

function canContainHeredoc(node: MutableInstruction): boolean {
  const target = node.name === 'onbuild' && node.trigger ? node.trigger : node;
  return HEREDOC_INSTRUCTIONS.has(target.name) && !target.json;
}

/** Splits a logical line into the instruction, its flags and its arguments (BuildKit's splitCommand). */
function newInstruction(line: string, d: DirectiveState, comments: readonly string[]): MutableInstruction {
  const cmdline = goRegexpSplit(RE_WHITESPACE, trimGoSpace(line), 2);
  const keyword = cmdline[0] ?? '';
  let flags: string[] = [];
  let rest = '';
  if (cmdline.length === 2) [rest, flags] = extractBuilderFlags(cmdline[1] as string, d.escapeToken);
  rest = trimGoSpace(rest);
  const name = goToLower(keyword);
  const parsed = dispatch(name, rest, d);
  return {
    keyword,
    name,
    flags,
    args: parsed.args,
    json: parsed.json,
    ...(parsed.trigger ? { trigger: parsed.trigger } : {}),
    heredocs: [],
    original: line,
    startLine: 0,
    endLine: 0,
    comments: [...comments],
  };
}

interface Parsed {
  args: string[];
  json: boolean;
  trigger?: MutableInstruction;
}

const NONE: Parsed = { args: [], json: false };

function dispatch(name: string, rest: string, d: DirectiveState): Parsed {
  switch (name) {
    case 'add':
    case 'copy':
    case 'volume':
      return parseMaybeJsonToList(rest);
    case 'arg':
      return { args: parseWords(rest, d.escapeToken), json: false };
    case 'cmd':
    case 'entrypoint':
    case 'run':
    case 'shell':
      return parseMaybeJson(rest);
    case 'env':
      return parseNameVal(rest, 'ENV', d.escapeToken);
    case 'label':
      return parseNameVal(rest, 'LABEL', d.escapeToken);
    case 'expose':
    case 'from':
      return parseWhitespaceDelimited(rest);
    case 'healthcheck':
      return parseHealthConfig(rest);
    case 'maintainer':
    case 'stopsignal':
    case 'user':
    case 'workdir':
      return rest === '' ? NONE : { args: [rest], json: false };
    case 'onbuild':
      return rest === '' ? NONE : { args: [], json: false, trigger: newInstruction(rest, d, []) };
    default:
      // Unknown instructions are kept with their arguments ignored (BuildKit's parseIgnore).
      return { args: [''], json: false };
  }
}

/**
 * Leading `--flag[=value]` words, processed byte by byte as BuildKit does (non-ASCII text in flags
 * is mangled the same way). A bare `--` ends the flags.
 */
function extractBuilderFlags(line: string, escapeToken: string): [rest: string, flags: string[]] {
  const bytes = utf8Bytes(line);
  const escapeCp = escapeToken.charCodeAt(0);
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = 0;
  let blankOK = false;
  let ch = 0;
  for (let pos = 0; pos <= bytes.length; pos++) {
    if (pos !== bytes.length) ch = bytes[pos] as number;
    if (phase === 'spaces') {
      if (pos === bytes.length) break;
      if (isGoSpace(ch)) continue;
      if (ch !== 0x2d || pos + 1 === bytes.length || bytes[pos + 1] !== 0x2d) {
        return [fromUtf8(bytes.subarray(pos)), words];
      }
      phase = 'word';
    }
    if (pos === bytes.length) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return [fromUtf8(bytes.subarray(pos)), words];
        if (blankOK || word.length > 0) words.push(word);
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
      if (ch === escapeCp) {
        if (pos + 1 === bytes.length) continue;
        pos++;
        ch = bytes[pos] as number;
      }
      word += String.fromCharCode(ch);
      continue;
    }
    // phase === 'quote'
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === escapeCp) {
      if (pos + 1 === bytes.length) {
        phase = 'word';
        continue;
      }
      pos++;
      ch = bytes[pos] as number;
    }
    word += String.fromCharCode(ch);
  }
  return ['', words];
}

/** Words separated by whitespace, quotes and escapes kept (BuildKit's parseWords). */
export function parseWords(rest: string, escapeToken: string): string[] {
  const escapeCp = escapeToken.codePointAt(0) ?? 0x5c;
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let quote = 0;
  let blankOK = false;
  let word = '';
  let ch = 0;
  let width = 0;
  for (let pos = 0; pos <= rest.length; pos += width) {
    if (pos !== rest.length) [ch, width] = codePointAt(rest, pos);
    if (phase === 'spaces') {
      if (pos === rest.length) break;
      if (isGoSpace(ch)) continue;
      phase = 'word';
    }
    if (pos === rest.length) {
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
      if (ch === 0x27 || ch === 0x22) {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escapeCp) {
        if (pos + width === rest.length) continue;
        word += String.fromCodePoint(goRune(ch));
        pos += width;
        [ch, width] = codePointAt(rest, pos);
      }
      word += String.fromCodePoint(goRune(ch));
      continue;
    }
    // phase === 'quote'
    if (ch === quote) phase = 'word';
    if (ch === escapeCp && quote !== 0x27) {
      if (pos + width === rest.length) {
        phase = 'word';
        continue;
      }
      pos += width;
      word += String.fromCodePoint(goRune(ch));
      [ch, width] = codePointAt(rest, pos);
    }
    word += String.fromCodePoint(goRune(ch));
  }
  return words;
}

function parseNameVal(rest: string, key: string, escapeToken: string): Parsed {
  const words = parseWords(rest, escapeToken);
  if (words.length === 0) return NONE;
  if (!(words[0] as string).includes('=')) {
    const parts = goRegexpSplit(RE_WHITESPACE, rest, 2);
    if (parts.length < 2) throw new LineError(`${key} must have two arguments`);
    return { args: [parts[0] as string, parts[1] as string, ''], json: false };
  }
  const args: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new LineError(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`);
    }
    args.push(word.slice(0, eq), word.slice(eq + 1), '=');
  }
  return { args, json: false };
}

function parseWhitespaceDelimited(rest: string): Parsed {
  return rest === '' ? NONE : { args: goRegexpSplit(RE_WHITESPACE, rest, -1), json: false };
}

const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';

/** The decoded array, or undefined when `rest` is not valid JSON (then it is shell form). */
function parseJson(rest: string): string[] | undefined {
  const trimmed = trimLeftGoSpace(rest);
  if (!trimmed.startsWith('[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  // Go's decoder fails (and the line falls back to shell form) on numbers out of float64 range.
  if (hasNonFiniteNumber(value)) return undefined;
  return value.map((item: unknown) => {
    if (typeof item !== 'string') throw new LineError(NOT_STRING_ARRAY);
    return toWellFormed(item);
  });
}

function hasNonFiniteNumber(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFiniteNumber);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNonFiniteNumber);
  return false;
}

function parseMaybeJson(rest: string): Parsed {
  if (rest === '') return NONE;
  const json = parseJson(rest);
  return json ? { args: json, json: true } : { args: [rest], json: false };
}

function parseMaybeJsonToList(rest: string): Parsed {
  const json = parseJson(rest);
  return json ? { args: json, json: true } : parseWhitespaceDelimited(rest);
}

/** HEALTHCHECK: the first word is the type (CMD, NONE, ...), the rest is parsed like CMD. */
function parseHealthConfig(rest: string): Parsed {
  // BuildKit scans bytes here, so a non-ASCII space byte (0x85, 0xA0) also ends the type word.
  const bytes = utf8Bytes(rest);
  let sep = 0;
  while (sep < bytes.length && !isGoSpace(bytes[sep] as number)) sep++;
  let next = sep;
  while (next < bytes.length && isGoSpace(bytes[next] as number)) next++;
  if (sep === 0) return NONE;
  const type = fromUtf8(bytes.subarray(0, sep));
  const command = parseMaybeJson(fromUtf8(bytes.subarray(next)));
  return { args: [type, ...command.args], json: command.json };
}

function heredocsFromLine(line: string): Heredoc[] {
  let words: string[];
  try {
    words = processWords(line, EMPTY_ENV, { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true });
  } catch {
    words = [];
  }
  const docs: Heredoc[] = [];
  for (const word of words) {
    const heredoc = parseHeredoc(word);
    if (heredoc) docs.push(heredoc);
  }
  return docs;
}

/**
 * The heredoc a word like `<<EOF`, `<<-'EOF'` or `3<<"E"OF` opens, or undefined when the word is
 * not a heredoc. Throws ShellLexError for an unterminated quote in the delimiter.
 */
export function parseHeredoc(word: string): Heredoc | undefined {
  const match = RE_HEREDOC.exec(word);
  if (!match) return undefined;
  const fileDescriptor = match[1] ? Number(match[1]) : 0;
  const chomp = match[2] === '-';
  const rest = match[3] ?? '';
  if (rest === '') return undefined;
  const options = { skipUnsetEnv: true } as const;
  const words = processWords(rest, EMPTY_ENV, options);
  if (words.length !== 1) return undefined;
  const wordsRaw = processWords(rest, EMPTY_ENV, { ...options, rawQuotes: true });
  if (wordsRaw.length !== words.length) {
    throw new LineError(`internal lexing of heredoc produced inconsistent results: ${rest}`);
  }
  const name = words[0] as string;
  const quotes = (s: string) => s.split(/['"]/).length - 1;
  return { name, fileDescriptor, expand: quotes(name) === quotes(wordsRaw[0] as string), chomp, content: '' };
}

/** Strips leading tabs from every line of a `<<-` heredoc body. */
export function chompHeredocContent(content: string): string {
  // Go's (?m)^ matches only after \n (JavaScript's also after \r, U+2028, U+2029).
  return content.replace(/(?<=^|\n)\t+/g, '');
}
