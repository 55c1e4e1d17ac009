import { cacheMount } from '../api/mounts.js';
import type { Mount } from '../ir/mounts.js';

/** Go's module cache and build cache in the official golang images. */
export const GO_MOD_CACHE = '/go/pkg/mod';
export const GO_BUILD_CACHE = '/root/.cache/go-build';

export function goMounts(enabled: boolean, build: boolean): Mount[] {
  if (!enabled) return [];
  return [cacheMount(GO_MOD_CACHE), ...(build ? [cacheMount(GO_BUILD_CACHE)] : [])];
}
