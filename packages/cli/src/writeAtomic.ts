import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let writes = 0;

/**
 * Writes a file through a temporary sibling and a rename, so readers (and a crash) never see a
 * half-written Dockerfile.
 */
export function writeFileAtomic(path: string, content: string): void {
  // Unique without node:crypto: no two live processes share a pid, and one process counts.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++writes}.tmp`);
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
