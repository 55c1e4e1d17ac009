import { spawn } from 'node:child_process';
import { DOCKER, dockerEnv } from './docker.js';
import { execOrThrow } from './exec.js';
import { indexTar } from './tarIndex.js';

export interface Layer {
  /** The layer's diff id (`sha256:` of its uncompressed tar), as in RootFS.Layers. */
  readonly diffId: string;
  /** Uncompressed size of the layer tar in bytes. */
  readonly bytes: number;
}

/** An image's layer diff ids, bottom first (cheap: no layer data is read). */
export async function imageDiffIds(image: string): Promise<string[]> {
  const inspected = await execOrThrow(DOCKER, ['image', 'inspect', '-f', '{{json .RootFS.Layers}}', image], {
    env: dockerEnv(),
  });
  return JSON.parse(inspected.stdout) as string[];
}

/** An image's layers, bottom first, with exact uncompressed sizes. */
export async function imageLayers(image: string): Promise<Layer[]> {
  const diffIds = await imageDiffIds(image);
  const sizes = await savedLayerSizes(image);
  if (sizes.length !== diffIds.length) {
    throw new Error(`${image}: docker save lists ${sizes.length} layers, RootFS.Layers ${diffIds.length}`);
  }
  return diffIds.map((diffId, i) => ({ diffId, bytes: sizes[i] ?? 0 }));
}

/**
 * Layer sizes from `docker save`, in manifest order (which is RootFS.Layers order). `docker history`
 * cannot be used: it does not say which history entries are empty, so sizes cannot be matched to
 * layers reliably.
 */
async function savedLayerSizes(image: string): Promise<number[]> {
  const child = spawn(DOCKER, ['save', image], { env: dockerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const index = await indexTar(child.stdout, (path) => path === 'manifest.json');
  const code = await exited;
  if (code !== 0) throw new Error(`docker save ${image} exited ${code}: ${Buffer.concat(stderr).toString()}`);
  const manifest = index.contents.get('manifest.json');
  if (manifest === undefined) throw new Error(`docker save ${image}: no manifest.json`);
  const entries = JSON.parse(manifest.toString('utf8')) as { Layers: string[] }[];
  const layers = entries[0]?.Layers ?? [];
  return layers.map((path) => {
    const size = index.sizes.get(path);
    if (size === undefined) throw new Error(`docker save ${image}: manifest names ${path}, not in the archive`);
    return size;
  });
}

export interface LayerDiff {
  /** Layers of `after` that `before` does not have: what a host holding `before` must fetch. */
  readonly newLayers: readonly Layer[];
  readonly newBytes: number;
  /** Layers of `after` shared with `before`. */
  readonly reusedLayers: number;
  /** Total uncompressed size of `after`. */
  readonly totalBytes: number;
}

/** What deploying `after` costs a host that already has `before` (uncompressed layer bytes). */
export async function newLayerBytes(before: string, after: string): Promise<LayerDiff> {
  // Only `after` needs sizes (one `docker save`, seconds for a 200 MB image); `before` only ids.
  const [had, next] = await Promise.all([imageDiffIds(before).then((ids) => new Set(ids)), imageLayers(after)]);
  const newLayers = next.filter((layer) => !had.has(layer.diffId));
  return {
    newLayers,
    newBytes: newLayers.reduce((sum, layer) => sum + layer.bytes, 0),
    reusedLayers: next.length - newLayers.length,
    totalBytes: next.reduce((sum, layer) => sum + layer.bytes, 0),
  };
}
