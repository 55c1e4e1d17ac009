/**
 * A unified diff of two texts (the format of `diff -u`: hunks with three lines of context, which
 * `patch` applies), to show why `--check` failed. The common head and tail are cut off first, so a
 * small change in a large Dockerfile costs little; a changed middle too large for the quadratic
 * table of the longest common subsequence is shown removed, then added, as a whole.
 */
export function lineDiff(before: string, after: string, beforeName: string, afterName: string): string {
  const edits = editScript(linesOf(before), linesOf(after));
  return [`--- ${beforeName}`, `+++ ${afterName}`, ...hunks(edits)].join('\n');
}

const CONTEXT_LINES = 3;
/** 4 million cells: a 16 MB table, a changed middle of about 2,000 lines on each side. */
const MAX_TABLE_CELLS = 4_000_000;

interface Edit {
  readonly op: ' ' | '-' | '+';
  /** The line with its line break, if it has one: a last line without one differs from one with. */
  readonly line: string;
}

/** The lines of `text`, each with its `\n` (the last one may have none). */
function linesOf(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const edits: Edit[] = [];
  for (let index = 0; index < head; index++) edits.push({ op: ' ', line: a[index] as string });
  middleEdits(a.slice(head, a.length - tail), b.slice(head, b.length - tail), edits);
  for (let index = a.length - tail; index < a.length; index++) edits.push({ op: ' ', line: a[index] as string });
  return edits;
}

/** The edits from `a` to `b` along a longest common subsequence, removals before additions. */
function middleEdits(a: readonly string[], b: readonly string[], edits: Edit[]): void {
  const width = b.length + 1;
  if ((a.length + 1) * width > MAX_TABLE_CELLS) {
    for (const line of a) edits.push({ op: '-', line });
    for (const line of b) edits.push({ op: '+', line });
    return;
  }
  // common[i * width + j]: the length of a longest common subsequence of a[i..] and b[j..].
  const common = new Int32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] =
        a[i] === b[j]
          ? (common[(i + 1) * width + j + 1] as number) + 1
          : Math.max(common[(i + 1) * width + j] as number, common[i * width + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      edits.push({ op: ' ', line: a[i] as string });
      i++;
      j++;
    } else if (
      i < a.length &&
      (j >= b.length || (common[(i + 1) * width + j] as number) >= (common[i * width + j + 1] as number))
    ) {
      edits.push({ op: '-', line: a[i] as string });
      i++;
    } else {
      edits.push({ op: '+', line: b[j] as string });
      j++;
    }
  }
}

/** The changes with their context, grouped into `@@ -start,count +start,count @@` hunks. */
function hunks(edits: readonly Edit[]): string[] {
  const out: string[] = [];
  let index = 0;
  // Line numbers (0-based) in the old and new text of edits[index].
  let oldLine = 0;
  let newLine = 0;
  while (index < edits.length) {
    const change = nextChange(edits, index);
    if (change === -1) break;
    const start = Math.max(index, change - CONTEXT_LINES);
    for (; index < start; index++) {
      oldLine++;
      newLine++;
    }
    // Changes at most twice the context apart share a hunk, as in diff -u.
    let end = change;
    for (let next = nextChange(edits, end + 1); next !== -1 && next - end - 1 <= 2 * CONTEXT_LINES; ) {
      end = next;
      next = nextChange(edits, end + 1);
    }
    end = Math.min(edits.length, end + 1 + CONTEXT_LINES);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    for (let at = start; at < end; at++) {
      const edit = edits[at] as Edit;
      if (edit.op !== '+') oldCount++;
      if (edit.op !== '-') newCount++;
      body.push(`${edit.op}${edit.line.endsWith('\n') ? edit.line.slice(0, -1) : edit.line}`);
      if (!edit.line.endsWith('\n')) body.push('\\ No newline at end of file');
    }
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`, ...body);
    oldLine += oldCount;
    newLine += newCount;
    index = end;
  }
  return out;
}

/** The index of the first change at or after `from`, or -1. */
function nextChange(edits: readonly Edit[], from: number): number {
  for (let index = from; index < edits.length; index++) if ((edits[index] as Edit).op !== ' ') return index;
  return -1;
}

/** `start,count` as diff writes it: 1-based, the count left out when 1, the line before when 0. */
function range(zeroBasedStart: number, count: number): string {
  if (count === 0) return `${zeroBasedStart},0`;
  return count === 1 ? `${zeroBasedStart + 1}` : `${zeroBasedStart + 1},${count}`;
}
