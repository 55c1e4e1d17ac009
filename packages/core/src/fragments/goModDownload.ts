import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run } from '../api/steps.js';
import { goMounts } from './go.js';
import { PLATFORM_ARGS } from './platformArgs.js';
import { contextFile, copyManifests, noDuplicates, options } from './shared.js';

/**
 * Downloads a Go module's dependencies before the source is copied: copies `go.mod` and `go.sum`
 * and runs `go mod download` with the module cache (`/go/pkg/mod`) as a cache mount, both in the
 * `deps` phase. `goBuild()` mounts the same cache. The download does not read the platform ARGs, so
 * it stays above `goBuild({ targetPlatform: true })`'s `ARG TARGETOS` whatever the written order,
 * and is cached once for every platform. A module without dependencies has no `go.sum`:
 * pass `manifests: ['go.mod']`.
 *
 * @example
 * goModDownload()
 */
export const goModDownload = defineFragment({
  name: 'goModDownload',
  description: 'Copies go.mod and go.sum and runs go mod download with the module cache mounted.',
  options: () =>
    options({
      /** Files copied first. Default `go.mod`, `go.sum`. */
      manifests: z._default(z.array(contextFile()).check(z.minLength(1)), ['go.mod', 'go.sum']),
      /** The module cache as a cache mount (default) or part of the image. */
      cacheMount: z._default(z.boolean(), true),
    }).check(z.superRefine((value, ctx) => noDuplicates(value.manifests, ctx, ['manifests']))),
  example: 'goModDownload()',
  build: ({ manifests, cacheMount }) => [
    copyManifests(manifests, 'deps'),
    run('go mod download', { mounts: goMounts(cacheMount, false), phase: 'deps', ignoresVariables: PLATFORM_ARGS }),
  ],
});
