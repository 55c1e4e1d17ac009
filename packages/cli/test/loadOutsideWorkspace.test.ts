/**
 * A config in a directory that cannot import @dockerdsl/core (no node_modules above it) is loaded
 * with the CLI's own copy, also when NODE_PATH points at a node_modules that has it: pnpm's bin
 * shims set NODE_PATH, which CommonJS resolution honours and ESM does not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { repoRoot, runCli } from './runCli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it.each([
  ['without NODE_PATH', { NODE_PATH: '' }],
  ['with NODE_PATH holding @dockerdsl/core', { NODE_PATH: join(repoRoot, 'node_modules') }],
])('compiles a config outside the workspace %s', (_label, env) => {
  const dir = mkdtempSync(join(tmpdir(), 'dsl-outside-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'docker.config.ts'),
    "import { copy, defineConfig, stage } from '@dockerdsl/core';\n\nexport default defineConfig({ targets: [stage('app', { from: 'busybox:1.36' }, [copy('a.txt', '/a.txt')])] });\n",
  );
  const result = runCli(['build', '--stdout'], dir, env);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain('FROM busybox:1.36 AS app');
});
