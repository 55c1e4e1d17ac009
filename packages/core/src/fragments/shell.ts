/** Characters that never need quoting in a POSIX shell word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A word for a shell command line: unchanged when it is safe as is, else single-quoted
 * (`'` becomes `'\''`), so `curl>8` stays one argument instead of a redirection.
 */
export function shellQuote(word: string): string {
  if (SHELL_SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
