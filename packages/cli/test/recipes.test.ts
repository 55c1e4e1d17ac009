/**
 * docs/recipes.md stays true: every recipe's config files (the ```ts blocks, each starting with a
 * `// path` comment) are written into a scratch project and compiled with the real CLI, which must
 * print exactly the recipe's ```dockerfile block.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, scratchProject } from './runCli.js';

const docs = readFileSync(join(repoRoot, 'docs/recipes.md'), 'utf8');
const recipes = docs
  .split(/^(?=## )/m)
  .slice(1)
  .map((section) => {
    const title = section.slice(3, section.indexOf('\n'));
    const files = Object.fromEntries(
      [...section.matchAll(/```ts\n\/\/ (\S+)\n([\s\S]*?)```/g)].map((match) => [
        match[1] as string,
        match[2] as string,
      ]),
    );
    const dockerfile = /```dockerfile\n([\s\S]*?)```/.exec(section)?.[1];
    return { title, files, dockerfile };
  });

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

it('has the five recipes', () => {
  expect(recipes.map((recipe) => recipe.title.split(':')[0])).toEqual([
    'Python',
    'Node.js',
    'Go',
    'Rust',
    'A monorepo',
  ]);
});

describe.each(recipes)('recipe "$title"', ({ files, dockerfile }) => {
  it('compiles to the Dockerfile it shows', () => {
    expect(Object.keys(files)).toContain('docker.config.ts');
    expect(dockerfile).toBeDefined();
    const { dir, cleanup } = scratchProject(files);
    cleanups.push(cleanup);
    const result = runCli(['build', '--stdout'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(dockerfile);
  });
});
