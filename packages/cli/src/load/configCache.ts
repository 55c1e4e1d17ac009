import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LintFinding } from '@dockerdsl/core';
import { hash128 } from '@dockerdsl/core/loader';
import { writeFileAtomic } from '../writeAtomic.js';
import type { BundleFormat } from './bundleConfig.js';
import { IN_CACHE_DIR } from './cacheDir.js';
import type { Purity } from './purity.js';

/**
 * What the cache knows about one config: the content of every input as it was bundled, the
 * bundle built from them, whether that bundle is pure, and the Dockerfiles compiled from it
 * (see resultCache.ts). Inputs are compared byte for byte, not by hash: exact, and no node:crypto
 * to load on the path of an unchanged config.
 */
export interface Manifest {
  /** 4: a CommonJS config's bundle exports its module.exports as the default (older ones did not). */
  readonly version: 5;
  readonly config: string;
  readonly bundle: string;
  readonly inputs: readonly { readonly path: string; readonly base64: string }[];
  readonly purity: Purity;
  /** Compiled Dockerfiles by the key of what else they depend on; only when `purity.pure`. */
  readonly results: Readonly<Record<string, StoredResult>>;
}

export interface StoredResult {
  /** The Dockerfile. */
  readonly dockerfile: string;
  /** The header the core that wrote it marks generated files with. */
  readonly header: string;
  /** The text of dsl.lock beside the config when it was compiled; null when there was none. */
  readonly lock: string | null;
  /** The lint findings the build printed, printed again when the result is reused. */
  readonly findings: readonly LintFinding[];
  /** The images it warned dsl.lock lacks, warned about again. */
  readonly unpinned: readonly string[];
}

const manifestName = (configPath: string) => `${hash128(configPath).slice(0, 24)}.json`;

function readManifest(cacheDir: string, configPath: string): Manifest | undefined {
  const manifest = JSON.parse(readFileSync(join(cacheDir, manifestName(configPath)), 'utf8')) as Manifest;
  // Another version's format, or another config whose path shares the name's hash: a miss.
  return manifest.version === 5 && manifest.config === configPath ? manifest : undefined;
}

/**
 * The manifest for `configPath` when every input its bundle was built from still has the same
 * content; undefined on any miss (absent, unreadable, or stale). Never throws.
 */
export function freshManifest(cacheDir: string, configPath: string): Manifest | undefined {
  try {
    const manifest = readManifest(cacheDir, configPath);
    if (!manifest) return undefined;
    for (const input of manifest.inputs) {
      if (!readFileSync(input.path).equals(Buffer.from(input.base64, 'base64'))) return undefined;
    }
    return manifest;
  } catch {
    return undefined;
  }
}

/** The cached bundle for `configPath` when its manifest is fresh (see freshManifest). Never throws. */
export function cachedBundle(cacheDir: string, configPath: string): string | undefined {
  try {
    const manifest = freshManifest(cacheDir, configPath);
    if (!manifest) return undefined;
    const bundle = join(cacheDir, manifest.bundle);
    readFileSync(bundle, { flag: 'r' }).length;
    return bundle;
  } catch {
    return undefined;
  }
}

/**
 * A bundle's path in a transpile cache, as `storeBundle` names it; group 1 is the config's file
 * name. Messages name the config, not its bundle.
 */
export const CACHED_BUNDLE_PATH = new RegExp(`\\S*${IN_CACHE_DIR.source}([^/\\s]+?)\\.[0-9a-f]{8,}\\.[cm]js`, 'g');

/**
 * Stores a bundle and its manifest (each written atomically) and removes the bundle the manifest
 * pointed to before. Returns the bundle path. Inputs are recorded as the bundle was made from them
 * (`sources`), the others as read now: an edit made during the build makes the next run rebuild,
 * never reuse stale code.
 */
export function storeBundle(
  cacheDir: string,
  configPath: string,
  code: string,
  inputs: readonly string[],
  format: BundleFormat,
  purity: Purity,
  sources: ReadonlyMap<string, Buffer> = new Map(),
): string {
  mkdirSync(cacheDir, { recursive: true });
  const recorded = inputs.map((path) => ({
    path,
    base64: (sources.get(path) ?? readFileSync(path)).toString('base64'),
  }));
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
  const manifest: Manifest = { version: 5, config: configPath, bundle: name, inputs: recorded, purity, results: {} };
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

/** Results kept per config: a few option sets (targets, --annotate, out paths) in use at once. */
const MAX_RESULTS = 8;
/**
 * Every run of the config reads the manifest, results and all: a Dockerfile of megabytes (a
 * generated config of thousands of stages) is compiled each time rather than parsed on each start.
 */
export const MAX_RESULT_CHARS = 256 * 1024;

/**
 * Records a Dockerfile compiled from `bundlePath` under `key`, unless the bundle is impure or the
 * manifest has since moved to another bundle (another process rebuilt it: its inputs are not what
 * this result came from). Returns why it was not stored, or undefined. Best effort: a cache that
 * cannot be written costs the next run a compile, nothing else.
 */
export function storeResult(
  cacheDir: string,
  configPath: string,
  bundlePath: string,
  key: string,
  result: StoredResult,
): string | undefined {
  try {
    const manifest = readManifest(cacheDir, configPath);
    if (!manifest || join(cacheDir, manifest.bundle) !== bundlePath) return 'the bundle was rebuilt meanwhile';
    if (!manifest.purity.pure) return `the config may differ between runs: ${manifest.purity.reason}`;
    if (result.dockerfile.length > MAX_RESULT_CHARS) return `the Dockerfile is over ${MAX_RESULT_CHARS} characters`;
    const kept = Object.entries(manifest.results).filter(([other]) => other !== key);
    const results = Object.fromEntries([...kept.slice(-(MAX_RESULTS - 1)), [key, result]]);
    writeFileAtomic(join(cacheDir, manifestName(configPath)), `${JSON.stringify({ ...manifest, results }, null, 2)}\n`);
    return undefined;
  } catch (error) {
    return `the cache could not be written (${(error as Error).message})`;
  }
}
