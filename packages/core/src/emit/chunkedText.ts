/**
 * The file's lines, joined into chunks as they come and the chunks at the end. A chunk is one
 * string large enough for V8's large-object space, which collections do not copy, and the lines in
 * it die young. Held until the end instead, the text of a large build (8 MB at 10,000 stages) was
 * copied by each collection during the rest of the compile, twice over; joined stage by stage
 * first, it was copied once more than needed.
 */
export interface ChunkedText {
  readonly chunks: string[];
  /** Lines not yet in a chunk: the first `count`. One list for every chunk, overwritten. */
  readonly lines: string[];
  count: number;
  /** Characters in those lines, counting the line breaks. */
  length: number;
}

/** Characters per chunk: above V8's largest regular object (128 KiB), so a large object. */
const CHUNK_LENGTH = 256 * 1024;

export function emptyText(): ChunkedText {
  return { chunks: [], lines: [], count: 0, length: 0 };
}

/** Adds a line; `blankBefore` separates blocks (the header, global ARGs, each stage) by a blank line. */
export function appendLine(text: ChunkedText, line: string, blankBefore: boolean): void {
  if (blankBefore && (text.count > 0 || text.chunks.length > 0)) text.lines[text.count++] = '';
  text.lines[text.count++] = line;
  text.length += line.length + 1;
  if (text.length >= CHUNK_LENGTH) closeChunk(text);
}

function closeChunk(text: ChunkedText): void {
  text.lines.length = text.count;
  text.chunks.push(text.lines.join('\n'));
  // The next chunk's lines overwrite these: a new list per chunk was 1.7 MB of the 53 MB that a
  // 10,000-stage compile allocated, and allocation is what sets off the collections in a compile.
  text.count = 0;
  text.length = 0;
}

export function finishText(text: ChunkedText): string {
  if (text.count > 0) closeChunk(text);
  return `${text.chunks.join('\n')}\n`;
}
