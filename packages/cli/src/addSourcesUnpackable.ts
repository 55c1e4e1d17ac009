/**
 * add() -> copy() is the same build only when ADD would not unpack anything: ADD extracts a local
 * tar archive, and a pattern, a variable or a computed value may name one that the source text does
 * not show. So the rename is refused unless every source is a literal path with none of those, and
 * is not an archive in the build context (ADD goes by the content, not the name).
 */
import { resolve } from 'node:path';
import type { CallExpression } from 'ts-morph';
import { archiveFormat } from './archiveMagic.js';
import { tsMorph } from './tsMorph.js';

const { Node } = tsMorph();

const GLOB = /[*?[]/;
/** The builder expands `$VAR` and `${VAR}` in ADD sources. */
const VARIABLE = /\$/;
/** The compressions ADD decompresses (gzip, bzip2, xz, zstd), plain tar, and their short suffixes. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|gz|bz2|xz|zst)$/i;

/**
 * Why the add() call's sources might be unpacked by ADD, or undefined when they are plain paths.
 * `contextDir`: the build context, where a source that exists is checked by its first bytes.
 */
export function addSourcesUnpackable(call: CallExpression, contextDir?: string): string | undefined {
  const [sources] = call.getArguments();
  if (!sources) return 'add() has no sources at the call site';
  const items = Node.isArrayLiteralExpression(sources) ? sources.getElements() : [sources];
  for (const item of items) {
    if (!Node.isStringLiteral(item) && !Node.isNoSubstitutionTemplateLiteral(item)) {
      return `source ${item.getText()} is not a literal path: it may name an archive, which ADD unpacks and COPY does not; left as add()`;
    }
    const path = item.getLiteralValue();
    if (GLOB.test(path)) {
      return `source "${path}" is a pattern: ADD unpacks the archives it matches, COPY would not; left as add()`;
    }
    if (VARIABLE.test(path)) {
      return `source "${path}" uses a variable: it may name an archive, which ADD unpacks and COPY does not; left as add()`;
    }
    if (ARCHIVE.test(path)) {
      return `source "${path}" looks like an archive: ADD unpacks it, COPY would not; left as add()`;
    }
    const format = contextDir === undefined ? undefined : archiveFormat(resolve(contextDir, path));
    if (format !== undefined) {
      return `source "${path}" is a ${format} archive in the build context: ADD unpacks it, COPY would not; left as add()`;
    }
  }
  return undefined;
}
