import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type E2eSpec, readE2eSpec } from './e2eSpec.js';
import { EXAMPLES_DIR } from './paths.js';

export interface E2eExample {
  /** Directory name under examples/. */
  readonly name: string;
  readonly dir: string;
  readonly spec: E2eSpec;
}

/** Every `examples/<name>/` with both a docker.config.ts and an e2e.json, sorted by name. */
export function listE2eExamples(): E2eExample[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(EXAMPLES_DIR, entry.name))
    .filter((dir) => existsSync(join(dir, 'docker.config.ts')) && existsSync(join(dir, 'e2e.json')))
    .sort()
    .map((dir) => ({ name: dir.slice(EXAMPLES_DIR.length + 1), dir, spec: readE2eSpec(dir) }));
}
