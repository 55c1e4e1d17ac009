/**
 * A small Wadler-style document printer, the algorithm prettier and biome use (groups that break
 * when they do not fit, conditional groups for "hugging" the last call argument). Generated code
 * laid out with it is already formatted: biome leaves it unchanged.
 */

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak | BreakParent;

export interface Group {
  readonly type: 'group';
  readonly contents: Doc;
  /** Set when the group must break (forced, or propagated from a hard line inside). */
  break: boolean;
  /** A conditional group: the states to try in order; `contents` is the first. */
  readonly expandedStates?: readonly Doc[];
}

export interface Indent {
  readonly type: 'indent';
  readonly contents: Doc;
}

export interface Line {
  readonly type: 'line';
  /** Nothing when flat (a space otherwise). */
  readonly soft?: boolean;
  /** Always a newline. */
  readonly hard?: boolean;
  /** A newline without indentation (template literal text). */
  readonly literal?: boolean;
}

export interface IfBreak {
  readonly type: 'ifBreak';
  readonly breakContents: Doc;
  readonly flatContents: Doc;
}

export interface BreakParent {
  readonly type: 'breakParent';
}

export const line: Line = { type: 'line' };
export const softline: Line = { type: 'line', soft: true };
const hardLine: Line = { type: 'line', hard: true };
const literalLine: Line = { type: 'line', hard: true, literal: true };
export const breakParent: BreakParent = { type: 'breakParent' };
export const hardline: Doc = [hardLine, breakParent];
export const literalline: Doc = [literalLine, breakParent];

export function group(contents: Doc, options: { shouldBreak?: boolean } = {}): Group {
  return { type: 'group', contents, break: options.shouldBreak === true };
}

export function conditionalGroup(states: readonly Doc[]): Group {
  return { type: 'group', contents: states[0] as Doc, break: false, expandedStates: states };
}

export function indent(contents: Doc): Indent {
  return { type: 'indent', contents };
}

export function ifBreak(breakContents: Doc, flatContents: Doc = ''): IfBreak {
  return { type: 'ifBreak', breakContents, flatContents };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((doc, index) => {
    if (index > 0) out.push(separator);
    out.push(doc);
  });
  return out;
}

/** True when the doc contains a forced break (after propagateBreaks, or a hard line). */
export function willBreak(doc: Doc): boolean {
  let found = false;
  visit(doc, (d) => {
    if (typeof d === 'object' && !Array.isArray(d)) {
      const node = d as Exclude<Doc, string | readonly Doc[]>;
      if ((node.type === 'group' && node.break) || (node.type === 'line' && node.hard) || node.type === 'breakParent') {
        found = true;
      }
    }
    return !found;
  });
  return found;
}

/** Walks a doc; `exit` runs for every node `enter` saw, even when `enter` skipped its children. */
function visit(doc: Doc, enter: (doc: Doc) => boolean, exit?: (doc: Doc) => void): void {
  if (!enter(doc)) {
    exit?.(doc);
    return;
  }
  if (typeof doc === 'string') {
    // nothing inside
  } else if (Array.isArray(doc)) {
    for (const part of doc as readonly Doc[]) visit(part, enter, exit);
  } else {
    const node = doc as Exclude<Doc, string | readonly Doc[]>;
    switch (node.type) {
      case 'group':
        for (const state of node.expandedStates ?? [node.contents]) visit(state, enter, exit);
        break;
      case 'indent':
        visit(node.contents, enter, exit);
        break;
      case 'ifBreak':
        visit(node.breakContents, enter, exit);
        visit(node.flatContents, enter, exit);
        break;
      default:
        break;
    }
  }
  exit?.(doc);
}

/** Marks every (non-conditional) group that contains a forced break as broken, as prettier does. */
export function propagateBreaks(doc: Doc): void {
  const stack: Group[] = [];
  const seen = new Set<Group>();
  const breakTop = () => {
    const top = stack[stack.length - 1];
    if (top && !top.expandedStates) top.break = true;
  };
  visit(
    doc,
    (d) => {
      if (typeof d === 'object' && !Array.isArray(d)) {
        const node = d as Exclude<Doc, string | readonly Doc[]>;
        if (node.type === 'breakParent') breakTop();
        if (node.type === 'group') {
          stack.push(node);
          if (seen.has(node)) return false;
          seen.add(node);
        }
      }
      return true;
    },
    (d) => {
      if (typeof d === 'object' && !Array.isArray(d) && (d as Group).type === 'group') {
        const child = stack.pop() as Group;
        if (child.break) breakTop();
      }
    },
  );
}

const BREAK = 1;
const FLAT = 2;
type Mode = typeof BREAK | typeof FLAT;
type Command = readonly [indent: number, mode: Mode, doc: Doc];

/** Display width: code points, with East Asian wide characters counted twice. */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function fits(next: Command, rest: readonly Command[], startWidth: number): boolean {
  let width = startWidth;
  let restIndex = rest.length;
  const commands: [Mode, Doc][] = [[next[1], next[2]]];
  while (width >= 0) {
    const command = commands.pop();
    if (!command) {
      if (restIndex === 0) return true;
      const restCommand = rest[--restIndex] as Command;
      commands.push([restCommand[1], restCommand[2]]);
      continue;
    }
    const [mode, doc] = command;
    if (typeof doc === 'string') {
      width -= textWidth(doc);
    } else if (Array.isArray(doc)) {
      const parts = doc as readonly Doc[];
      for (let i = parts.length - 1; i >= 0; i--) commands.push([mode, parts[i] as Doc]);
    } else {
      const node = doc as Exclude<Doc, string | readonly Doc[]>;
      switch (node.type) {
        case 'indent':
          commands.push([mode, node.contents]);
          break;
        case 'group': {
          const groupMode = node.break ? BREAK : mode;
          const contents =
            node.expandedStates && groupMode === BREAK ? (node.expandedStates.at(-1) as Doc) : node.contents;
          commands.push([groupMode, contents]);
          break;
        }
        case 'ifBreak':
          commands.push([mode, mode === BREAK ? node.breakContents : node.flatContents]);
          break;
        case 'line':
          if (mode === BREAK || node.hard) return true;
          if (!node.soft) width -= 1;
          break;
        case 'breakParent':
          break;
      }
    }
  }
  return false;
}

/** Prints a doc at `width` columns, 2-space indentation, trailing spaces trimmed. */
export function printDoc(doc: Doc, width: number): string {
  propagateBreaks(doc);
  const out: string[] = [];
  let pos = 0;
  const commands: Command[] = [[0, BREAK, doc]];
  const trimTrailing = () => {
    while (out.length > 0) {
      const last = out[out.length - 1] as string;
      const trimmed = last.replace(/[ \t]+$/, '');
      if (trimmed === '') {
        out.pop();
        continue;
      }
      out[out.length - 1] = trimmed;
      break;
    }
  };
  while (commands.length > 0) {
    const [ind, mode, current] = commands.pop() as Command;
    if (typeof current === 'string') {
      out.push(current);
      pos += textWidth(current);
      continue;
    }
    if (Array.isArray(current)) {
      const parts = current as readonly Doc[];
      for (let i = parts.length - 1; i >= 0; i--) commands.push([ind, mode, parts[i] as Doc]);
      continue;
    }
    const node = current as Exclude<Doc, string | readonly Doc[]>;
    switch (node.type) {
      case 'indent':
        commands.push([ind + 2, mode, node.contents]);
        break;
      case 'group': {
        if (mode === FLAT) {
          commands.push([ind, node.break ? BREAK : FLAT, node.contents]);
          break;
        }
        const next: Command = [ind, FLAT, node.contents];
        if (!node.break && fits(next, commands, width - pos)) {
          commands.push(next);
        } else if (node.expandedStates) {
          const mostExpanded = node.expandedStates.at(-1) as Doc;
          if (node.break) {
            commands.push([ind, BREAK, mostExpanded]);
          } else {
            let chosen: Command = [ind, BREAK, mostExpanded];
            for (let i = 1; i < node.expandedStates.length; i++) {
              const state: Command = [ind, FLAT, node.expandedStates[i] as Doc];
              if (fits(state, commands, width - pos)) {
                chosen = state;
                break;
              }
            }
            commands.push(chosen);
          }
        } else {
          commands.push([ind, BREAK, node.contents]);
        }
        break;
      }
      case 'ifBreak':
        commands.push([ind, mode, mode === BREAK ? node.breakContents : node.flatContents]);
        break;
      case 'line':
        if (mode === FLAT && !node.hard) {
          if (!node.soft) {
            out.push(' ');
            pos += 1;
          }
          break;
        }
        if (node.literal) {
          out.push('\n');
          pos = 0;
        } else {
          trimTrailing();
          out.push(`\n${' '.repeat(ind)}`);
          pos = ind;
        }
        break;
      case 'breakParent':
        break;
    }
  }
  return out.join('');
}
