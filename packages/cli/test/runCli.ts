import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// The bundled executable that npm installs as `dsl` (see packages/cli/scripts/bundle.mjs).
export const binPath = join(repoRoot, 'packages/cli/dist/dsl.cjs');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the real built `dsl` binary, as a user would run it. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runCli` without blocking the event loop: for a test that serves something the CLI talks to
 * (a fake registry), and for running many cases concurrently.
 */
export function runCliAsync(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A scratch project inside the repo, so its config resolves `@dockerdsl/core` from the workspace's
 * node_modules like a real project would from its own.
 */
export function scratchProject(files: Readonly<Record<string, string>>): { dir: string; cleanup: () => void } {
  const base = join(repoRoot, '.tmp-tests');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `project(files)` for a test file: a scratch project (see scratchProject), removed after its test. */
export function scratchProjects(): (files: Readonly<Record<string, string>>) => string {
  let cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
  });
  return (files) => {
    const { dir, cleanup } = scratchProject(files);
    cleanups.push(cleanup);
    return dir;
  };
}
