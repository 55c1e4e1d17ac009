/**
 * How a shell-form RUN is written in the config. The builder joins continuation lines into one
 * command line; the importer keeps the author's layout where it can do so without changing the
 * command: one string per source line, joined with a space where a line break falls on
 * whitespace that only separates words, or `sh(...)` for a short `&&` chain. Where a line break
 * falls inside quotes (or after an escape, or on no whitespace at all) the lines are joined
 * exactly as the builder joins them.
 */
import { type ArrayItem, call, type Expr, str } from './code.js';
import { scanShell } from './shellScan.js';

export interface SourceText {
  /** The Dockerfile's lines, without line terminators. */
  readonly lines: readonly string[];
  readonly escapeToken: '\\' | '`';
}

export interface RunLayoutInput {
  /** The command as the builder reads it (RUN's logical line after keyword and flags). */
  readonly command: string;
  /** The instruction's logical line (continuations joined), as the parser saw it. */
  readonly original: string;
  readonly startLine: number;
  readonly endLine: number;
  /** False for a non-POSIX shell (SHELL set to PowerShell or cmd, `# escape=`\``): keep exact text. */
  readonly posix: boolean;
}

export interface RunLayout {
  readonly expr: Expr;
  /** Comment lines from inside the instruction that could not be placed inside the expression. */
  readonly commentsAbove: readonly string[];
}

interface Piece {
  text: string;
  /** Comment lines (from continuation lines) that sat just above this piece. */
  comments: string[];
}

/** A continued command at most this long is written as one string. */
const SHORT = 80;
/** `sh()` parts longer than this are laid out one source line per string instead. */
const SH_PART_MAX = 100;
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0]+/;

/** BuildKit's continuation rule: the escape character last on the line, not itself escaped. */
function continuation(escapeToken: string): RegExp {
  const e = `\\${escapeToken}`;
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

function commentText(raw: string): string {
  const body = raw.trimStart().slice(1).trimEnd();
  return body.startsWith(' ') ? body.slice(1) : body;
}

/**
 * The instruction's physical lines as the parser joined them (continuation escapes removed,
 * comment and empty continuation lines skipped), or undefined when they do not join back to the
 * logical line (then the layout falls back to one string).
 */
function physicalPieces(source: SourceText, input: RunLayoutInput): Piece[] | undefined {
  const re = continuation(source.escapeToken);
  const pieces: Piece[] = [];
  let pendingComments: string[] = [];
  for (let lineNumber = input.startLine; lineNumber <= input.endLine; lineNumber++) {
    let raw = source.lines[lineNumber - 1];
    if (raw === undefined) return undefined;
    raw = raw.replace(/[\r\n]+$/, '');
    if (lineNumber === input.startLine) {
      if (lineNumber === 1) raw = raw.replace(/^\uFEFF/, '');
      raw = raw.replace(GO_SPACE, '');
    } else if (raw.replace(GO_SPACE, '').startsWith('#')) {
      pendingComments.push(commentText(raw));
      continue;
    } else if (raw.replace(GO_SPACE, '') === '') {
      continue;
    }
    const continued = re.test(raw);
    pieces.push({ text: continued ? raw.replace(re, '$1') : raw, comments: pendingComments });
    pendingComments = [];
    if (!continued) break;
  }
  if (pieces.map((piece) => piece.text).join('') !== input.original) return undefined;
  return pieces;
}

/** The pieces of `command` (a suffix of the logical line, trimmed) split where source lines break. */
function commandPieces(pieces: Piece[], input: RunLayoutInput): Piece[] | undefined {
  const end = input.original.replace(/[\t\n\v\f\r \u0085\u00a0]+$/, '').length;
  const start = end - input.command.length;
  if (start < 0 || input.original.slice(start, end) !== input.command) return undefined;
  const out: Piece[] = [];
  let offset = 0;
  for (const piece of pieces) {
    const from = Math.max(offset, start);
    const to = Math.min(offset + piece.text.length, end);
    if (to > from) out.push({ text: input.original.slice(from, to), comments: piece.comments });
    else if (offset >= start && piece.comments.length > 0 && out.length > 0) {
      out[out.length - 1]?.comments.push(...piece.comments);
    }
    offset += piece.text.length;
  }
  return out;
}

/** Lays out one shell-form RUN command. */
export function layoutRun(source: SourceText, input: RunLayoutInput): RunLayout {
  const whole: RunLayout = { expr: str(input.command), commentsAbove: [] };
  const physical = physicalPieces(source, input);
  if (!physical) return whole;
  const pieces = commandPieces(physical, input);
  const allComments = physical.flatMap((piece) => piece.comments);
  if (!pieces || pieces.length <= 1) return { ...whole, commentsAbove: allComments };
  // Comments above the command's first line (between flags and command) go above the step.
  const commentsAbove =
    physical.length > pieces.length ? allComments.filter((c) => !pieces.some((p) => p.comments.includes(c))) : [];

  const cuts: number[] = [];
  let offset = 0;
  for (const piece of pieces.slice(0, -1)) {
    offset += piece.text.length;
    cuts.push(offset);
  }
  const scan = input.posix ? scanShell(input.command) : undefined;
  const normalisable =
    scan?.balanced &&
    cuts.every((cut) => {
      if (!scan.separatorAt[cut]) return false;
      // A line break must fall on whitespace that separates words, or joining with a space
      // would split a word: `ab\` + `c` is `abc`.
      const spaceBefore = /[ \t]/.test(input.command[cut - 1] ?? '') && scan.separatorAt[cut - 1] === true;
      const spaceAfter = /[ \t]/.test(input.command[cut] ?? '') && scan.separatorAt[cut] === true;
      return spaceBefore || spaceAfter;
    });

  // A short command reads best as one string, whatever its lines were.
  if (allComments.length === 0 && input.command.length <= SHORT) {
    if (!normalisable || !scan) return { expr: str(input.command), commentsAbove };
  }
  if (!normalisable || !scan) {
    const items: ArrayItem[] = pieces.map((piece) => ({ value: str(piece.text), comments: piece.comments }));
    return { expr: { kind: 'join', array: { kind: 'array', items }, separator: '' }, commentsAbove };
  }

  // Whitespace next to a line break only separates words: trim it where the scan says so.
  const trimmed = pieces.map((piece, index) => {
    const start = index === 0 ? 0 : (cuts[index - 1] as number);
    let from = 0;
    let to = piece.text.length;
    while (from < to && /[ \t]/.test(piece.text[from] as string) && scan.separatorAt[start + from]) from++;
    while (to > from && /[ \t]/.test(piece.text[to - 1] as string) && scan.separatorAt[start + to - 1]) to--;
    return { text: piece.text.slice(from, to), indent: piece.text.slice(0, from), comments: piece.comments };
  });

  const lines = trimmed.filter((piece) => piece.text !== '');
  const oneLine = lines.map((piece) => piece.text).join(' ');
  if (allComments.length === 0 && oneLine.length <= SHORT && !shChain(oneLine)) {
    return { expr: str(oneLine), commentsAbove };
  }
  const chain = allComments.length === 0 ? shChain(lines.map((piece) => piece.text).join(' ')) : undefined;
  if (chain) return { expr: call('sh', ...chain.map(str)), commentsAbove };

  // One string per source line, indented as in the Dockerfile (relative to its second line).
  const width = (indent: string) => indent.replace(/\t/g, '  ').length;
  const indents = trimmed
    .slice(1)
    .filter((piece) => piece.text !== '')
    .map((piece) => width(piece.indent));
  const base = indents.length > 0 ? Math.min(...indents) : 0;
  const items: ArrayItem[] = [];
  let blank = false;
  let carried: string[] = [];
  trimmed.forEach((piece, index) => {
    if (piece.text === '') {
      // A line holding only the escape character: a visual break in the Dockerfile.
      blank = items.length > 0;
      carried = [...carried, ...piece.comments];
      return;
    }
    const pad = index === 0 ? 0 : Math.max(0, width(piece.indent) - base);
    items.push({
      value: str(' '.repeat(pad) + piece.text),
      comments: [...carried, ...piece.comments],
      blankLineBefore: blank,
    });
    blank = false;
    carried = [];
  });
  if (carried.length > 0) items.push({ comments: carried });
  const only = items.length === 1 ? items[0] : undefined;
  if (only?.value) return { expr: only.value, commentsAbove: [...commentsAbove, ...(only.comments ?? [])] };
  return { expr: { kind: 'join', array: { kind: 'array', items }, separator: ' ' }, commentsAbove };
}

/**
 * The command as `sh()` parts when it is a chain of `&&` at top level whose parts are short: the
 * emitter writes `a \ && b`, which the shell reads as `a && b`. `command` is already laid out on
 * one line with single spaces at the former line breaks.
 */
function shChain(command: string): string[] | undefined {
  const scan = scanShell(command);
  if (!scan.balanced || scan.andOperators.length === 0) return undefined;
  const parts: string[] = [];
  let from = 0;
  for (const at of [...scan.andOperators, command.length]) {
    parts.push(command.slice(from, at).trim());
    from = at + 2;
  }
  const compound = /^(then|do|done|fi|else|elif|esac|in|\}|\)|;;)(\s|$)/;
  const fits = parts.every(
    (part) => part !== '' && part.length <= SH_PART_MAX && !compound.test(part) && !part.endsWith('\\'),
  );
  return fits ? parts : undefined;
}
