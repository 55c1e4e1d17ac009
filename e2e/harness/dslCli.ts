import { type ExecResult, exec, execOrThrow } from './exec.js';
import { CLI_BIN, REPO_ROOT } from './paths.js';

let built: Promise<unknown> | undefined;

/**
 * The environment a user's shell gives dsl. pnpm's vitest shim sets NODE_PATH, which CommonJS
 * resolution honours and ESM does not: dsl's check whether a config outside the workspace can
 * import @dockerdsl/core would then pass while the import itself fails.
 */
function userEnv(): NodeJS.ProcessEnv {
  const { NODE_PATH: _ignored, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

/** `pnpm test:e2e` does not build: compile the CLI once per run, so no test runs a stale dist. */
export function buildCliOnce(): Promise<unknown> {
  built ??= execOrThrow(`${REPO_ROOT}node_modules/.bin/tsc`, ['-b', 'packages/cli'], { cwd: REPO_ROOT });
  return built;
}

/** The real `dsl` binary in `cwd`; throws with its output unless it exits 0. */
export async function dsl(args: readonly string[], cwd: string): Promise<ExecResult> {
  await buildCliOnce();
  return execOrThrow(process.execPath, [CLI_BIN, ...args], { cwd, env: userEnv(), timeoutMs: 120_000 });
}

/** Like `dsl`, but returns failures instead of throwing. */
export async function dslResult(args: readonly string[], cwd: string): Promise<ExecResult> {
  await buildCliOnce();
  return exec(process.execPath, [CLI_BIN, ...args], { cwd, env: userEnv(), timeoutMs: 120_000 });
}

/**
 * A marker no other run produced: BuildKit's cache is shared by everyone on this daemon and
 * outlives the test, so content that must not be a cache hit carries one.
 */
export function runMarker(): string {
  return `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}
