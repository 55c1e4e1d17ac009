import { DOCKER, dockerEnv } from './docker.js';
import { exec, execOrThrow } from './exec.js';

/** The parts of `docker image inspect` the tests look at. */
export interface ImageInfo {
  readonly id: string;
  /** `NAME=value` entries, as the image config stores them. */
  readonly env: readonly string[];
  readonly cmd: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
  readonly workingDir: string;
  readonly user: string;
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** Diff ids of the image's layers, bottom first. */
  readonly layers: readonly string[];
  /** Uncompressed size as the daemon reports it. */
  readonly size: number;
}

interface RawInspect {
  Id: string;
  Size: number;
  RootFS: { Layers?: string[] };
  Config: {
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
  };
}

export async function inspectImage(image: string): Promise<ImageInfo> {
  const result = await execOrThrow(DOCKER, ['image', 'inspect', image], { env: dockerEnv() });
  const [raw] = JSON.parse(result.stdout) as RawInspect[];
  if (raw === undefined) throw new Error(`docker image inspect ${image}: no image`);
  return {
    id: raw.Id,
    env: raw.Config.Env ?? [],
    cmd: raw.Config.Cmd ?? null,
    entrypoint: raw.Config.Entrypoint ?? null,
    workingDir: raw.Config.WorkingDir ?? '',
    user: raw.Config.User ?? '',
    exposedPorts: Object.keys(raw.Config.ExposedPorts ?? {}),
    labels: raw.Config.Labels ?? {},
    layers: raw.RootFS.Layers ?? [],
    size: raw.Size,
  };
}

/** Removes tags (and the images when nothing else uses them); missing ones are fine. */
export async function removeImages(images: readonly string[]): Promise<void> {
  if (images.length > 0) await exec(DOCKER, ['image', 'rm', '--force', ...images], { env: dockerEnv() });
}

let sequence = 0;

/**
 * A tag no other test run uses: several engineers share this daemon, and two runs tagging
 * `example:prod` at once would test each other's images.
 */
export function uniqueTag(name: string, target: string): string {
  sequence += 1;
  const safe = (text: string) => text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  return `dsl-e2e/${safe(name)}:${safe(target)}-${process.pid}-${sequence}`;
}
