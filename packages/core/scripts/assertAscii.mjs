import { readFileSync } from 'node:fs';

/**
 * Fails the build when a bundle holds a character outside printable ASCII. One non-ASCII character
 * makes V8 hold the whole source as a two-byte string, decoded and checked against its code cache
 * at every start: one em dash in a comment cost zod.cjs about 1.5 ms of the 10 it takes to load.
 * esbuild escapes strings and names, but not comments, regular expressions or raw templates.
 * (Control characters fail too: in source, they are suspect.)
 */
export function assertAscii(file) {
  const text = readFileSync(file, 'utf8');
  const at = text.search(/[^\t\n\r\x20-\x7e]/);
  if (at === -1) return;
  const line = text.slice(0, at).split('\n').length;
  throw new Error(
    `${file}:${line}: ${JSON.stringify(text[at])} is not printable ASCII; escape it, or strip comments (minifyWhitespace) if it is in one`,
  );
}
