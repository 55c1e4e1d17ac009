import { readFileSync } from 'node:fs';

/**
 * Where the config file's `export default` is (line 1 when it has none): the place to point at
 * for an error in the exported config object, which has no call site of its own.
 */
export function exportDefaultPosition(path: string): { line: number; column: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { line: 1, column: 1 };
  }
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /^\s*export\s+default\b/.test(line));
  return index === -1 ? { line: 1, column: 1 } : { line: index + 1, column: 1 };
}
