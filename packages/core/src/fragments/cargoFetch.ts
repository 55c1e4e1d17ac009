import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run } from '../api/steps.js';
import { CARGO_GIT_DB, CARGO_REGISTRY } from './cargoBuild.js';
import { PLATFORM_ARGS } from './platformArgs.js';
import { contextFile, copyManifests, noDuplicates, options } from './shared.js';

/**
 * Downloads a Rust project's dependencies before the source is copied: copies `Cargo.toml` and
 * `Cargo.lock` and runs `cargo fetch --locked` with the registry and git database as the same cache
 * mounts `cargoBuild()` uses, both in the `deps` phase. A source edit then re-runs only the build.
 * For a workspace, list every member's `Cargo.toml` in `manifests`.
 *
 * @example
 * cargoFetch()
 */
export const cargoFetch = defineFragment({
  name: 'cargoFetch',
  description: 'Copies Cargo.toml and Cargo.lock and runs cargo fetch with the registry cache mounted.',
  options: () =>
    options({
      /** Files copied first. Default `Cargo.toml`, `Cargo.lock`. */
      manifests: z._default(z.array(contextFile()).check(z.minLength(1)), ['Cargo.toml', 'Cargo.lock']),
      /** The registry and git database as cache mounts (default), or part of the image. */
      cacheMounts: z._default(z.boolean(), true),
    }).check(z.superRefine((value, ctx) => noDuplicates(value.manifests, ctx, ['manifests']))),
  example: 'cargoFetch()',
  build: ({ manifests, cacheMounts }) => [
    copyManifests(manifests, 'deps'),
    run('cargo fetch --locked', {
      mounts: cacheMounts ? [cacheMount(CARGO_REGISTRY), cacheMount(CARGO_GIT_DB)] : [],
      phase: 'deps',
      // cargo fetch downloads the crates of every platform: one cache entry for all of them.
      ignoresVariables: PLATFORM_ARGS,
    }),
  ],
});
