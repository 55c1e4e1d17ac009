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
    if (isEscapedByte(ch.codePointAt(0) ?? 0)) {
      out += '\uFFFD';
      continue;
    }
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
    if (isEscapedByte(ch.codePointAt(0) ?? 0)) {
      out += '\uFFFD';
      continue;
    }
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
    else if (isEscapedByte(cp)) out += `\\x${(cp - 0xdc00).toString(16)}`;
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

/*
 * Invalid UTF-8. Go strings are bytes, and BuildKit slices some of them byte by byte, so a Dockerfile
 * (or a flag cut in the middle of a character) can hold bytes that are not UTF-8. Like Python's
 * "surrogateescape", such a byte 0xNN is carried as the lone surrogate U+DCNN: it round-trips
 * through `utf8Bytes`, dumps as `\xNN`, and becomes U+FFFD wherever Go would decode it as a rune.
 */

/** True for a code point that stands for one invalid UTF-8 byte. */
export function isEscapedByte(cp: number): boolean {
  return cp >= 0xdc80 && cp <= 0xdcff;
}

/** What Go's rune decoding sees at this code point: U+FFFD for an invalid byte. */
export function goRune(cp: number): number {
  return isEscapedByte(cp) ? 0xfffd : cp;
}

/** UTF-8 bytes of a string; escaped bytes are written back as themselves. */
export function utf8Bytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0) ?? 0;
    if (isEscapedByte(cp)) {
      out.push(cp - 0xdc00);
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8 as Go's utf8.DecodeRune does; each invalid byte becomes an escaped byte. */
export function fromUtf8(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      // Fast path for ASCII runs.
      let j = i + 1;
      while (j < bytes.length && j - i < 4096 && (bytes[j] as number) < 0x80) j++;
      out += String.fromCharCode(...bytes.subarray(i, j));
      i = j;
      continue;
    }
    const [cp, size] = decodeRune(bytes, i);
    out += cp < 0 ? String.fromCharCode(0xdc00 + b0) : String.fromCodePoint(cp);
    i += size;
  }
  return out;
}

function decodeRune(bytes: Uint8Array, i: number): [cp: number, size: number] {
  const b0 = bytes[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf): number => {
    const b = bytes[i + k];
    return b !== undefined && b >= lo && b <= hi ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [-1, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // Excludes overlong forms (E0 80..9F) and surrogates (ED A0..BF).
    const c1 = cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = cont(2);
    return c1 < 0 || c2 < 0 ? [-1, 1] : [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = cont(2);
    const c3 = cont(3);
    return c1 < 0 || c2 < 0 || c3 < 0 ? [-1, 1] : [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
  }
  return [-1, 1];
}
