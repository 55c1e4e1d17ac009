import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

const byDirectory = new Map<string, string | undefined>();

/**
 * The `name` of the nearest package.json above `file`, or undefined. Read once per directory;
 * never throws (an unreadable or nameless package.json is skipped).
 */
export function packageNameOf(file: string): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (byDirectory.has(dir)) {
      found = byDirectory.get(dir);
      break;
    }
    visited.push(dir);
    const name = readName(join(dir, 'package.json'));
    if (name !== undefined) {
      found = name;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  for (const dir of visited) byDirectory.set(dir, found);
  return found;
}

function readName(path: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** `@acme/docker-fragments` from `.../node_modules/@acme/docker-fragments/dist/index.js` (the innermost). */
export function packageInNodeModules(file: string): string | undefined {
  const parts = file.split(sep === '\\' ? /[\\/]/ : '/');
  const index = parts.lastIndexOf('node_modules');
  if (index === -1) return undefined;
  const first = parts[index + 1];
  if (first === undefined || first.startsWith('.')) return undefined;
  if (first.startsWith('@')) {
    const second = parts[index + 2];
    return second === undefined ? undefined : `${first}/${second}`;
  }
  return first;
}
