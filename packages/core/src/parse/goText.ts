/**
 * Small text primitives with the exact semantics of the Go standard library functions BuildKit's
 * Dockerfile parser relies on (unicode.IsSpace, strings.TrimSpace, strconv.Quote, regexp.Split...).
 * JavaScript's own `trim()`, `\s` and `JSON.stringify` differ from them in small but visible ways.
 */

/** Go's `unicode.IsSpace`: the Unicode White_Space property (JS `\s` also has U+FEFF, lacks U+0085). */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0;
  return (
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** The code point at UTF-16 index `i` and its width in code units (a lone surrogate counts as one). */
export function codePointAt(s: string, i: number): [cp: number, width: number] {
  const cp = s.codePointAt(i) ?? 0;
  return [cp, cp > 0xffff ? 2 : 1];
}

/** Go's `strings.TrimLeftFunc(s, unicode.IsSpace)`. */
export function trimLeftGoSpace(s: string): string {
  let i = 0;
  while (i < s.length) {
    const [cp, width] = codePointAt(s, i);
    if (!isGoSpace(cp)) break;
    i += width;
  }
  return s.slice(i);
}

/** Go's `strings.TrimRightFunc(s, unicode.IsSpace)`. */
export function trimRightGoSpace(s: string): string {
  let end = s.length;
  while (end > 0) {
    const low = s.charCodeAt(end - 1);
    const width = end >= 2 && low >= 0xdc00 && low <= 0xdfff && isHighSurrogate(s.charCodeAt(end - 2)) ? 2 : 1;
    const [cp] = codePointAt(s, end - width);
    if (!isGoSpace(cp)) break;
    end -= width;
  }
  return s.slice(0, end);
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** Go's `strings.TrimSpace`. */
export function trimGoSpace(s: string): string {
  return trimRightGoSpace(trimLeftGoSpace(s));
}

/** Go's `strings.ToLower`: rune by rune, without JavaScript's context-dependent special cases. */
export function goToLower(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII fast path
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    // Go maps one rune to one rune (U+0130 -> 'i'); JS may produce a sequence.
    out += [...lower].length === 1 ? lower : ([...lower][0] ?? ch);
  }
  return out;
}

/** Go's `strings.ToUpper`, rune by rune. */
export function goToUpper(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII fast path
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) {
    const upper = ch.toUpperCase();
    out += [...upper].length === 1 ? upper : ch;
  }
  return out;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const HEX = '0123456789abcdef';

/** Go's `strconv.Quote` (and so `fmt`'s `%q`) for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x22) out += '\\"';
    else if (cp === 0x5c) out += '\\\\';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp >= 0x80 && PRINTABLE.test(ch) && !(cp >= 0xd800 && cp <= 0xdfff)) out += ch;
    else out += escapeRune(cp);
  }
  return `${out}"`;
}

function escapeRune(cp: number): string {
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${HEX[cp >> 4]}${HEX[cp & 0xf]}`;
  // An unpaired surrogate is not a valid rune: Go writes U+FFFD.
  const rune = cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
  if (rune < 0x10000) return `\\u${rune.toString(16).padStart(4, '0')}`;
  return `\\U${rune.toString(16).padStart(8, '0')}`;
}

/** `fmt.Sprintf("%q", []string{...})`. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}

/**
 * Go's `regexp.Split(s, n)`: note that a match at position 0 yields a leading empty string and that
 * the remainder after the last used match is always appended when not empty.
 */
export function goRegexpSplit(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (s.length === 0) return [''];
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  const matches = [...s.matchAll(global)].filter((m) => m[0].length > 0);
  if (n > 0) matches.length = Math.min(matches.length, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const match of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = match.index;
    const matchEnd = match.index + match[0].length;
    if (matchEnd !== 0) out.push(s.slice(beg, end));
    beg = matchEnd;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Replaces unpaired UTF-16 surrogates with U+FFFD, as Go's JSON decoder does for `\ud800`. */
export function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** UTF-8 bytes of a string, for the parts of BuildKit that scan byte by byte. */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes UTF-8 bytes (invalid sequences become U+FFFD). */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
