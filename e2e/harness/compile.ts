import { existsSync } from 'node:fs';
import { compile } from '@dockerdsl/core';
import { loadExampleConfig } from './exampleConfig.js';
import { exec, execOrThrow } from './exec.js';
import { CLI_BIN, REPO_ROOT } from './paths.js';

export interface CompiledDockerfile {
  readonly dockerfile: string;
  /** `cli`: the real `dsl build --stdout`; `in-process`: core's compile() on the loaded config. */
  readonly via: 'cli' | 'in-process';
}

/**
 * Which compiler to use: `cli`, `in-process`, or `auto` (default): the CLI, unless it prints
 * nothing and exits 0, which is what the placeholder CLI does before `dsl build` exists. A CLI
 * that fails is an error, never a reason to fall back.
 */
type CompilerMode = 'cli' | 'in-process' | 'auto';

function compilerMode(): CompilerMode {
  const mode = process.env['DSL_E2E_COMPILER'] ?? 'auto';
  if (mode !== 'cli' && mode !== 'in-process' && mode !== 'auto') {
    throw new Error(`DSL_E2E_COMPILER must be cli, in-process or auto, not "${mode}"`);
  }
  return mode;
}

let cliBuilt: Promise<unknown> | undefined;

/** `pnpm test:e2e` does not build; compile the CLI once per run so e2e never tests a stale dist. */
export function buildCli(): Promise<unknown> {
  cliBuilt ??= execOrThrow(`${REPO_ROOT}node_modules/.bin/tsc`, ['-b', 'packages/cli'], { cwd: REPO_ROOT }).catch(
    (error: Error) => {
      // In a shared checkout someone's half-written CLI can break this; say how to test without it.
      throw new Error(`${error.message}\n(the CLI does not compile: DSL_E2E_COMPILER=in-process skips it)`);
    },
  );
  return cliBuilt;
}

/** Compiles `<exampleDir>/docker.config.ts` for one target (or the default target when omitted). */
export async function compileExample(exampleDir: string, target?: string): Promise<CompiledDockerfile> {
  const mode = compilerMode();
  if (mode !== 'in-process') {
    await buildCli();
    const viaCli = await compileWithCli(exampleDir, target, mode === 'cli');
    if (viaCli !== undefined) return { dockerfile: viaCli, via: 'cli' };
  }
  return { dockerfile: await compileInProcess(exampleDir, target), via: 'in-process' };
}

async function compileWithCli(exampleDir: string, target: string | undefined, required: boolean) {
  if (!existsSync(CLI_BIN)) {
    if (required) throw new Error(`${CLI_BIN} does not exist after tsc -b packages/cli`);
    return undefined;
  }
  const args = [CLI_BIN, 'build', exampleDir, '--stdout', ...(target !== undefined ? ['--target', target] : [])];
  const result = await exec(process.execPath, args, { cwd: REPO_ROOT, timeoutMs: 60_000 });
  if (result.code === 0 && result.stdout.trim() === '' && !required) return undefined;
  if (result.code !== 0 || !/^FROM /m.test(result.stdout)) {
    throw new Error(`dsl ${args.slice(1).join(' ')} exited ${result.code}\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}

async function compileInProcess(exampleDir: string, target: string | undefined): Promise<string> {
  const config = await loadExampleConfig(exampleDir, target);
  return compile(config, target !== undefined ? { target } : {}).dockerfile;
}
