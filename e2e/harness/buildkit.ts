import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER, dockerEnv } from './docker.js';
import { exec, tail } from './exec.js';
import { type BuildStep, parseProgressLog } from './progressLog.js';

export interface BuildKitOptions {
  /** Dockerfile text, sent on stdin (`-f -`), so no generated file lands in the example dir. */
  readonly dockerfile: string;
  /** Build context directory. */
  readonly context: string;
  /** Tag for the result; optional because `imageId` identifies it anyway. */
  readonly tag?: string;
  /** `--target`; omit to build what a plain `docker build` builds (the last stage). */
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** `--secret id=ID,src=PATH`, by id. */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  readonly timeoutMs?: number;
}

export interface BuildKitResult {
  readonly ok: boolean;
  /** `sha256:...` of the built image, when ok. */
  readonly imageId: string | undefined;
  readonly tag: string | undefined;
  /** The full plain progress log (BuildKit writes it to stderr). */
  readonly log: string;
  /** Instructions parsed from the log: which ran, which were CACHED, and their DONE times. */
  readonly steps: readonly BuildStep[];
  readonly durationMs: number;
  readonly command: string;
}

/**
 * `DOCKER_BUILDKIT=1 docker build --network host --progress=plain -f - CONTEXT` with the engine's
 * built-in BuildKit. Host networking because the test daemon has no bridge; that is also how builds
 * reach the loopback Python index.
 */
export async function buildWithBuildKit(options: BuildKitOptions): Promise<BuildKitResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'dsl-e2e-build-'));
  const iidFile = join(scratch, 'iid');
  const args = ['build', '--network', 'host', '--progress=plain', '--iidfile', iidFile, '-f', '-'];
  if (options.tag !== undefined) args.push('-t', options.tag);
  if (options.target !== undefined) args.push('--target', options.target);
  if (options.noCache === true) args.push('--no-cache');
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${name}=${value}`);
  for (const [id, path] of Object.entries(options.secrets ?? {})) args.push('--secret', `id=${id},src=${path}`);
  args.push(options.context);
  try {
    const result = await exec(DOCKER, args, {
      env: dockerEnv(),
      input: options.dockerfile,
      timeoutMs: options.timeoutMs ?? 600_000,
    });
    const log = result.stderr + result.stdout;
    const ok = result.code === 0;
    return {
      ok,
      imageId: ok ? (await readFile(iidFile, 'utf8')).trim() : undefined,
      tag: options.tag,
      log,
      steps: parseProgressLog(log),
      durationMs: result.durationMs,
      command: result.command,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Narrows a result to a successful build, or throws with the Dockerfile and the log's tail. */
export function assertBuilt(
  result: BuildKitResult,
  dockerfile?: string,
): asserts result is BuildKitResult & { ok: true; imageId: string } {
  if (result.ok && result.imageId !== undefined) return;
  const shown = dockerfile === undefined ? '' : `\n--- Dockerfile\n${dockerfile}`;
  throw new Error(`BuildKit build failed: ${result.command}${shown}\n--- log\n${tail(result.log)}`);
}
