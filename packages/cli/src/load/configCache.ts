import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hash128 } from '@dockerdsl/core/loader';
import { writeFileAtomic } from '../writeAtomic.js';
import type { BundleFormat } from './bundleConfig.js';

/**
 * What the cache knows about one config: the content of every input as it was bundled, and the
 * bundle built from them. Inputs are compared byte for byte, not by hash: exact, and no
 * node:crypto to load on the path of an unchanged config.
 */
interface Manifest {
  readonly version: 2;
  readonly config: string;
  readonly bundle: string;
  readonly inputs: readonly { readonly path: string; readonly base64: string }[];
}

const manifestName = (configPath: string) => `${hash128(configPath).slice(0, 24)}.json`;

function readManifest(cacheDir: string, configPath: string): Manifest | undefined {
  const manifest = JSON.parse(readFileSync(join(cacheDir, manifestName(configPath)), 'utf8')) as Manifest;
  // Another version's format, or another config whose path shares the name's hash: a miss.
  return manifest.version === 2 && manifest.config === configPath ? manifest : undefined;
}

/**
 * The cached bundle for `configPath` when every input it was built from still has the same
 * content; undefined on any miss (absent, unreadable, or stale). Never throws.
 */
export function cachedBundle(cacheDir: string, configPath: string): string | undefined {
  try {
    const manifest = readManifest(cacheDir, configPath);
    if (!manifest) return undefined;
    for (const input of manifest.inputs) {
      if (!readFileSync(input.path).equals(Buffer.from(input.base64, 'base64'))) return undefined;
    }
    const bundle = join(cacheDir, manifest.bundle);
    readFileSync(bundle, { flag: 'r' }).length;
    return bundle;
  } catch {
    return undefined;
  }
}

/**
 * Stores a bundle and its manifest (each written atomically) and removes the bundle the manifest
 * pointed to before. Returns the bundle path. Inputs are recorded as read now: an edit made during
 * the build makes the next run rebuild, never reuse stale code.
 */
export function storeBundle(
  cacheDir: string,
  configPath: string,
  code: string,
  inputs: readonly string[],
  format: BundleFormat,
): string {
  mkdirSync(cacheDir, { recursive: true });
  const recorded = inputs.map((path) => ({ path, base64: readFileSync(path).toString('base64') }));
  // The extension says how to load it (`.cjs` with require, `.mjs` with import()).
  const name = `${basename(configPath).replace(/[^A-Za-z0-9._-]/g, '_')}.${hash128(code).slice(0, 16)}.${format === 'cjs' ? 'cjs' : 'mjs'}`;
  const manifestPath = join(cacheDir, manifestName(configPath));
  let previous: string | undefined;
  try {
    previous = readManifest(cacheDir, configPath)?.bundle;
  } catch {
    previous = undefined;
  }
  writeFileAtomic(join(cacheDir, name), code);
  const manifest: Manifest = { version: 2, config: configPath, bundle: name, inputs: recorded };
  writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  if (previous && previous !== name) rmSync(join(cacheDir, previous), { force: true });
  return join(cacheDir, name);
}

/**
 * The local files (absolute paths) the cached bundle of `configPath` was built from: the config
 * and every module it imports. Undefined when there is no manifest. `dsl build --watch` watches them.
 */
export function cachedInputs(cacheDir: string, configPath: string): string[] | undefined {
  try {
    return readManifest(cacheDir, configPath)?.inputs.map((input) => input.path);
  } catch {
    return undefined;
  }
}
