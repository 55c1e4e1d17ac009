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
export function assertSingleLine(value: string, what: string): void {
  const bad = /[\n\r\0]/.exec(value);
  if (bad) {
    const name = bad[0] === '\n' ? 'a newline' : bad[0] === '\r' ? 'a carriage return' : 'a NUL byte';
    throw new EmitValueError(
      `${what} contains ${name}, which a Dockerfile cannot represent`,
      'remove it; for multi-line scripts use several commands, an exec-form array, or a script file',
    );
  }
  if (LONE_SURROGATE.test(value)) {
    throw new EmitValueError(`${what} contains an unpaired UTF-16 surrogate, which is not valid UTF-8`);
  }
}

// Words safe to emit bare in builder-expanded positions: no quotes, whitespace, `$`, `\`, `#`, `[`.
const BARE_WORD = /^[A-Za-z0-9_./:@%+,=~^-]+$/;

/**
 * A builder-expanded word (ENV/LABEL/ARG values, WORKDIR, USER): bare when safe, else double-quoted
 * with `\`, `"` and `$` escaped. `expand()` values keep `$` for the builder to substitute.
 */
export function encodeExpandedWord(value: Text, what: string): string {
  const text = isExpandText(value) ? value.text : value;
  assertSingleLine(text, what);
  if (!isExpandText(value) && BARE_WORD.test(text) && !text.startsWith('-')) return text;
  const escaped = isExpandText(value) ? text.replace(/[\\"]/g, '\\$&') : text.replace(/[\\"$]/g, '\\$&');
  return `"${escaped}"`;
}

/** A JSON array for exec form (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD): elements pass unchanged. */
export function encodeExecArray(argv: readonly string[], what: string): string {
  if (argv.length === 0) throw new EmitValueError(`${what} has an empty argument list`);
  argv.forEach((arg, index) => {
    if (LONE_SURROGATE.test(arg)) {
      throw new EmitValueError(`${what} argument ${index} contains an unpaired UTF-16 surrogate`);
    }
    if (arg.includes('\0')) throw new EmitValueError(`${what} argument ${index} contains a NUL byte`);
  });
  return JSON.stringify(argv).replace(/,/g, ', ');
}

// COPY/ADD/VOLUME JSON elements are shell words again: escape `\ $ ' "` before JSON-encoding.
const PATH_WORD_SPECIAL = /[\\$'"]/g;

/** Paths for COPY, ADD and VOLUME: a plain list when every path is a bare word, else the JSON form. */
export function encodePathList(paths: readonly string[], what: string): string {
  for (const path of paths) {
    assertSingleLine(path, what);
    if (path === '') throw new EmitValueError(`${what} contains an empty path`);
  }
  if (paths.every((path) => BARE_WORD.test(path) && !path.startsWith('-'))) return paths.join(' ');
  return JSON.stringify(paths.map((path) => path.replace(PATH_WORD_SPECIAL, '\\$&'))).replace(/","/g, '", "');
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

/** One shell-form command line: passed to the shell as is, so only the Dockerfile grammar is guarded. */
export function checkShellCommand(command: string, what: string, isFirst: boolean): string {
  assertSingleLine(command, what);
  if (command.trim() === '') throw new EmitValueError(`${what} is empty`);
  if (command !== command.trim()) {
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
  if (isFirst && command.startsWith('[') && looksLikeJsonStringArray(command)) {
    throw new EmitValueError(
      `${what} is a JSON array, which the parser would run in exec form without a shell`,
      'pass an array to run() for exec form',
    );
  }
  return command;
}

function looksLikeJsonStringArray(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed);
  } catch {
    return false;
  }
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
