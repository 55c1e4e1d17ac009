import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../writeAtomic.js';
import { hash } from './cacheDir.js';

/** What the cache knows about one config: its inputs' content hashes and the bundle built from them. */
interface Manifest {
  readonly version: 1;
  readonly bundle: string;
  readonly inputs: readonly { readonly path: string; readonly sha256: string }[];
}

const manifestName = (configPath: string) => `${hash(configPath).slice(0, 24)}.json`;

/**
 * The cached bundle for `configPath` when every input it was built from still has the same
 * content; undefined on any miss (absent, unreadable, or stale). Never throws.
 */
export function cachedBundle(cacheDir: string, configPath: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(cacheDir, manifestName(configPath)), 'utf8')) as Manifest;
    if (manifest.version !== 1) return undefined;
    for (const input of manifest.inputs) {
      if (hash(readFileSync(input.path)) !== input.sha256) return undefined;
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
 * pointed to before. Returns the bundle path. Inputs are hashed as read now: an edit made during
 * the build makes the next run rebuild, never reuse stale code.
 */
export function storeBundle(cacheDir: string, configPath: string, code: string, inputs: readonly string[]): string {
  mkdirSync(cacheDir, { recursive: true });
  const hashed = inputs.map((path) => ({ path, sha256: hash(readFileSync(path)) }));
  const name = `${basename(configPath).replace(/[^A-Za-z0-9._-]/g, '_')}.${hash(code).slice(0, 16)}.mjs`;
  const manifestPath = join(cacheDir, manifestName(configPath));
  let previous: string | undefined;
  try {
    previous = (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).bundle;
  } catch {
    previous = undefined;
  }
  writeFileAtomic(join(cacheDir, name), code);
  const manifest: Manifest = { version: 1, bundle: name, inputs: hashed };
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
    const manifest = JSON.parse(readFileSync(join(cacheDir, manifestName(configPath)), 'utf8')) as Manifest;
    return manifest.version === 1 ? manifest.inputs.map((input) => input.path) : undefined;
  } catch {
    return undefined;
  }
}
