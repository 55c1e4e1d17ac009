/**
 * How a Node project's container starts: package.json's `start` script is what the project says,
 * so it comes first; `main` and index.js are only guesses, taken when the file is there. A wrong
 * guess builds an image that fails at start (`Cannot find module '/app/index.js'`), so with
 * nothing to go on the starter config says so instead of guessing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type NodeEntry =
  /** `node ...` run directly, in exec form: from the start script, `main` or index.js. */
  | { readonly kind: 'node'; readonly argv: readonly string[] }
  /** A start script that is not a plain node command: run by the package manager. */
  | { readonly kind: 'startScript'; readonly script: string }
  | { readonly kind: 'none' };

/** Words a start script may hold to be run without a shell: no quotes, variables, globs or operators. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function nodeEntry(dir: string, scripts: Readonly<Record<string, string>>, main: string | undefined): NodeEntry {
  const start = scripts['start']?.trim();
  if (start !== undefined && start !== '') {
    const words = start.split(/\s+/);
    const plainNode =
      words[0] === 'node' &&
      words.every((word) => PLAIN_WORD.test(word)) &&
      words.some((w, i) => i > 0 && !w.startsWith('-'));
    return plainNode ? { kind: 'node', argv: words } : { kind: 'startScript', script: start };
  }
  const exists = (path: string) => existsSync(join(dir, path)) || existsSync(join(dir, `${path}.js`));
  // A main that is not there yet may be what the build script writes (dist/server.js from tsc).
  if (main !== undefined && (exists(main) || scripts['build'] !== undefined))
    return { kind: 'node', argv: ['node', main] };
  if (exists('index.js')) return { kind: 'node', argv: ['node', 'index.js'] };
  return { kind: 'none' };
}
