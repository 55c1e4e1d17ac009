/**
 * Encoders from values to Dockerfile text. Each either returns text that BuildKit decodes back to
 * exactly the input, or throws an EmitValueError saying why it cannot (see shared REFERENCE §1).
 */
import { isExpandText, type Text } from '../ir/text.js';

export class EmitValueError extends Error {
  override readonly name = 'EmitValueError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Newline, CR and NUL cannot be represented in any single-line value; a raw newline injects text. */
// One scan for the common case: nothing that could need a closer look.
const SUSPECT = /[\n\r\0\uD800-\uDFFF]/;

export function assertSingleLine(value: string, what: string): void {
  if (!SUSPECT.test(value)) return;
  const bad = /[\n\r\0]/.exec(value);
  if (bad) {
    const name = bad[0] === '\n' ? 'a newline' : bad[0] === '\r' ? 'a carriage return' : 'a NUL byte';
    throw new EmitValueError(
      `${what} contains ${name}, which a Dockerfile cannot represent`,
      'remove it; for multi-line scripts use several commands, an exec-form array, or a script file',
    );
  }
  assertWellFormed(value, what);
}

/** Text must survive the trip through a UTF-8 file: an unpaired surrogate would arrive as U+FFFD. */
export function assertWellFormed(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new EmitValueError(`${what} contains an unpaired UTF-16 surrogate, which is not valid UTF-8`);
  }
}

// Words safe to emit bare in builder-expanded positions: no quotes, whitespace, `$`, `\`, `#`, `[`.
const BARE_WORD = /^[A-Za-z0-9_./:@%+,=~^-]+$/;

/**
 * A word to write as it is. It holds none of the characters assertSingleLine looks for, so most
 * values pass with this one scan.
 */
function isBareWord(text: string): boolean {
  return BARE_WORD.test(text) && !text.startsWith('-');
}

/**
 * `value` itself when it can be written as a bare word (no quotes needed), else undefined. Lets a
 * caller skip building the description encodeExpandedWord needs only for a quoted word's errors.
 */
export function bareWord(value: Text): string | undefined {
  return !isExpandText(value) && isBareWord(value) ? value : undefined;
}

/**
 * A builder-expanded word (ENV/LABEL/ARG values, WORKDIR, USER): bare when safe, else double-quoted
 * with `\`, `"` and `$` escaped. `expand()` values keep `$` for the builder to substitute.
 */
export function encodeExpandedWord(value: Text, what: string): string {
  const bare = bareWord(value);
  if (bare !== undefined) return bare;
  const text = isExpandText(value) ? value.text : value;
  assertSingleLine(text, what);
  const escaped = isExpandText(value) ? text.replace(/[\\"]/g, '\\$&') : text.replace(/[\\"$]/g, '\\$&');
  return `"${escaped}"`;
}

/** A JSON array for exec form (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD): elements pass unchanged. */
export function encodeExecArray(argv: readonly string[], what: string): string {
  if (argv.length === 0) throw new EmitValueError(`${what} has an empty argument list`);
  // Indexed loops without callbacks here and below: see ir/frozenArrays.ts.
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (LONE_SURROGATE.test(arg)) {
      throw new EmitValueError(`${what} argument ${index} contains an unpaired UTF-16 surrogate`);
    }
    if (arg.includes('\0')) throw new EmitValueError(`${what} argument ${index} contains a NUL byte`);
  }
  // Join elements ourselves: replacing every `,` in the JSON would also change commas inside strings.
  let elements = jsonElement(argv[0] as string);
  for (let index = 1; index < argv.length; index++) elements += `, ${jsonElement(argv[index] as string)}`;
  return `[${elements}]`;
}

/**
 * One exec-form element. BuildKit never looks for heredocs in JSON, but editors' parsers do
 * (dockerfile-ast reads `["sh", "-c", "cat <<x"]` as opening a heredoc and swallows the next
 * lines), so `<` is written `\u003c` where the element holds `<<`: the same JSON value for BuildKit.
 */
function jsonElement(arg: string): string {
  const json = JSON.stringify(arg);
  return arg.includes('<<') ? json.replace(/</g, '\\u003c') : json;
}

// COPY/ADD/VOLUME JSON elements are shell words again: escape `\ $ ' "` before JSON-encoding, and
// `<` too: current BuildKit reads an element like `<<x` or `2<<x` as a heredoc, not a path.
const PATH_WORD_SPECIAL = /[\\$'"<]/g;

/** One path as a shell word for the JSON form. */
function pathWord(path: string): string {
  // Go's text/scanner drops a U+FEFF that is the first character of a word: escape it.
  return path.replace(PATH_WORD_SPECIAL, '\\$&').replace(/^\uFEFF/, '\\\uFEFF');
}

/** Paths for COPY, ADD and VOLUME: a plain list when every path is a bare word, else the JSON form. */
export function encodePathList(paths: readonly string[], what: string): string {
  return encodeCopyPaths(paths, undefined, what);
}

/**
 * The sources, then the destination (when given), as one path list: the bare words themselves, or
 * the JSON form when any path is not a bare word. COPY and ADD pass theirs without first copying
 * them into one list (the emitter's hot path).
 */
export function encodeCopyPaths(sources: readonly string[], dest: string | undefined, what: string): string {
  let text = '';
  for (let index = 0; index < sources.length; index++) {
    const path = sources[index] as string;
    if (!isBareWord(path)) return encodeJsonPaths(sources, dest, what);
    text = index === 0 ? path : `${text} ${path}`;
  }
  if (dest === undefined) return text;
  if (!isBareWord(dest)) return encodeJsonPaths(sources, dest, what);
  return sources.length === 0 ? dest : `${text} ${dest}`;
}

/** The JSON form, for a list holding a path that a bare word cannot. */
function encodeJsonPaths(sources: readonly string[], dest: string | undefined, what: string): string {
  const paths = dest === undefined ? [...sources] : [...sources, dest];
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index] as string;
    if (isBareWord(path)) continue;
    assertSingleLine(path, what);
    if (path === '') throw new EmitValueError(`${what} contains an empty path`);
  }
  return `[${paths.map((path) => JSON.stringify(pathWord(path))).join(', ')}]`;
}

// Flag values: ASCII without quotes, backslashes or whitespace (non-ASCII is mangled by the parser).
const FLAG_VALUE = /^[A-Za-z0-9_./:@%+=~^${}*?[\]-]+$/;

export function encodeFlagValue(value: string, flag: string): string {
  assertSingleLine(value, `--${flag} value`);
  if (value === '') throw new EmitValueError(`--${flag} has an empty value`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for non-ASCII on purpose
  if (/[^\x00-\x7F]/.test(value)) {
    throw new EmitValueError(`--${flag} value "${value}" contains non-ASCII characters, which the parser mangles`);
  }
  if (!FLAG_VALUE.test(value)) {
    throw new EmitValueError(
      `--${flag} value "${value}" contains characters a flag cannot carry (whitespace, quotes, backslash or comma)`,
    );
  }
  return value;
}

/** A field of a `--mount` flag: CSV, so commas (and `=` in keys) are also out. */
export function encodeMountField(value: string, field: string): string {
  if (value.includes(',')) {
    throw new EmitValueError(`--mount ${field}="${value}" contains a comma, which splits the mount's CSV fields`);
  }
  return encodeFlagValue(value, `mount ${field}`);
}

/** Go's unicode.IsSpace also trims U+0085 (NEL), which JavaScript's trim() keeps. */
const GO_EDGE_SPACE = /^[\s\u0085]|[\s\u0085]$/u;

/**
 * One shell-form command line: passed to the shell as is, so only the Dockerfile grammar is guarded.
 * `isFirst`: the text starts the instruction's arguments (right after the keyword or the flags),
 * where `--` would be read as another flag and a JSON array as the exec form.
 */
export function checkShellCommand(command: string, what: string, isFirst: boolean): string {
  assertSingleLine(command, what);
  if (command.trim() === '') throw new EmitValueError(`${what} is empty`);
  if (GO_EDGE_SPACE.test(command)) {
    throw new EmitValueError(`${what} has leading or trailing whitespace, which the parser would drop`);
  }
  if (command.endsWith('\\')) {
    throw new EmitValueError(
      `${what} ends with a backslash, which would continue the line into the next instruction`,
      'remove the trailing backslash',
    );
  }
  if (isFirst && command.startsWith('--')) {
    throw new EmitValueError(
      `${what} starts with "--", which the parser reads as an instruction flag`,
      'use the mounts/network options for flags, or start the command with the program name',
    );
  }
  if (isFirst && startsWithJsonArray(command)) {
    throw new EmitValueError(
      `${what} starts with a JSON array, which the parser would run in exec form without a shell`,
      'pass an array to run() for exec form',
    );
  }
  return command;
}

/**
 * True when a prefix of `text` is a JSON array. Docker Engine 20.10's built-in frontend decodes the
 * first JSON value and ignores the rest (`RUN ["a"] && b` runs `a` in exec form); current BuildKit
 * needs the whole text to be JSON. Refusing any JSON-array prefix is right for both.
 */
function startsWithJsonArray(text: string): boolean {
  if (!text.startsWith('[')) return false;
  for (let end = text.indexOf(']'); end >= 0; end = text.indexOf(']', end + 1)) {
    try {
      if (Array.isArray(JSON.parse(text.slice(0, end + 1)))) return true;
    } catch {
      // not JSON up to here; a longer prefix may be
    }
  }
  return false;
}

// A word that starts with optional digits and `<<` (not `<<<`): BuildKit's heredoc opener. Also
// `\<<` and `<\<`, which dockerfile-ast (editors) reads as one after removing the escapes.
const HEREDOC_OPENER = /(?:^|[\s\u0085])(?:\d*<<|\\*<\\*<)(?!<)/u;

/**
 * Shell-form RUN text must not open a heredoc: current BuildKit (the built-in frontend of Docker 23+,
 * and any `# syntax=` 1.4+) reads an unquoted `<<WORD` or `<< WORD` at the start of a word in RUN
 * as a heredoc and swallows the following lines as its body (Engine 20.10's frontend does not).
 * Conservative: a `<<` after a blank inside quotes is refused too.
 */
export function checkNoHeredocOpener(command: string, what: string): string {
  if (HEREDOC_OPENER.test(command)) {
    throw new EmitValueError(
      `${what} has "<<" at the start of a word, which BuildKit reads as a heredoc that swallows the following lines`,
      'write the operator without a space before it (e.g. $((1<<2))), or use heredoc() for a script',
    );
  }
  return command;
}

// Printable ASCII without `\` and `<`, not starting with a blank, `-` or `[`, not ending with a
// blank: a command line with nothing that checkShellCommand or checkNoHeredocOpener refuses.
const PLAIN_COMMAND = /^(?=[ -~]*$)[^ \-[\\<](?:[^\\<]*[^ \\<])?$/;

/**
 * Command line `number` (from 1) of a shell-form RUN: checkShellCommand, then checkNoHeredocOpener.
 * A plain line (the common case) passes both as it is, which one scan shows (and its description
 * for an error is not even made).
 */
export function checkRunCommand(command: string, number: number): string {
  if (PLAIN_COMMAND.test(command)) return command;
  const what = `RUN command ${number}`;
  return checkNoHeredocOpener(checkShellCommand(command, what, number === 1), what);
}

/** A comment's lines, each prefixed with `# `. */
export function encodeComment(text: string): string[] {
  return text.split(/\r?\n/).map((line, index) => {
    if (line.includes('\r') || line.includes('\0'))
      throw new EmitValueError(`comment line ${index + 1} contains CR or NUL`);
    if (LONE_SURROGATE.test(line)) throw new EmitValueError(`comment line ${index + 1} contains an unpaired surrogate`);
    return line.trim() === '' ? '#' : `# ${line.trimEnd()}`;
  });
}

/** A heredoc delimiter that no line of the script equals. */
export function heredocDelimiter(script: string): string {
  const lines = new Set(script.split('\n'));
  let delimiter = 'EOF';
  for (let n = 1; lines.has(delimiter); n++) delimiter = `EOF_${n}`;
  return delimiter;
}
