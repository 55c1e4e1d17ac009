import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildahStep, parseBuildahLog } from './buildahLog.js';
import { exec, execOrThrow, tail } from './exec.js';

export interface BuildahOptions {
  readonly dockerfile: string;
  readonly context: string;
  readonly tag: string;
  readonly target?: string;
  /** Cache intermediate layers like BuildKit does (`--layers`); default true. */
  readonly layers?: boolean;
  readonly timeoutMs?: number;
}

export interface BuildahResult {
  readonly ok: boolean;
  readonly tag: string;
  readonly log: string;
  readonly steps: readonly BuildahStep[];
  readonly durationMs: number;
  readonly command: string;
}

/**
 * `buildah bud --isolation chroot --network host` (Buildah 1.28, Debian's): a second, independent
 * builder, proving the emitted Dockerfile is not accidentally BuildKit-only. chroot isolation needs
 * no OCI runtime configuration, and it is the mode known to work on these VMs.
 */
export async function buildWithBuildah(options: BuildahOptions): Promise<BuildahResult> {
  // A file outside the context: the generated Dockerfile never lands in the example's directory.
  const scratch = await mkdtemp(join(tmpdir(), 'dsl-e2e-buildah-'));
  const file = join(scratch, 'Dockerfile');
  await writeFile(file, options.dockerfile);
  const args = ['bud', '--isolation', 'chroot', '--network', 'host', '-f', file, '-t', options.tag];
  if (options.layers !== false) args.push('--layers');
  if (options.target !== undefined) args.push('--target', options.target);
  args.push(options.context);
  try {
    const result = await exec('buildah', args, { timeoutMs: options.timeoutMs ?? 600_000 });
    const log = result.stdout + result.stderr;
    return {
      ok: result.code === 0,
      tag: options.tag,
      log,
      steps: parseBuildahLog(log),
      durationMs: result.durationMs,
      command: result.command,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Narrows to a successful Buildah build, or throws with the log's tail. */
export function assertBuiltWithBuildah(result: BuildahResult): asserts result is BuildahResult & { ok: true } {
  if (!result.ok) throw new Error(`Buildah build failed: ${result.command}\n--- log\n${tail(result.log)}`);
}

/** Removes images from Buildah's store; missing ones are fine. */
export async function removeBuildahImages(tags: readonly string[]): Promise<void> {
  if (tags.length > 0) await exec('buildah', ['rmi', '--force', ...tags]);
}

/**
 * Copies a Buildah-built image into dockerd (`buildah push TAG docker-daemon:DOCKER_TAG`), so the
 * same `checkImage` runs it: Buildah has no daemon to run a server with, and this is the image as
 * Buildah built it, layer for layer.
 */
export async function pushBuildahImageToDocker(tag: string, dockerTag: string): Promise<void> {
  await execOrThrow('buildah', ['push', '--quiet', tag, `docker-daemon:${dockerTag}`], { timeoutMs: 300_000 });
}
