/** An image reference split the way docker and registries read it. */
export interface ImageRef {
  /** As written, e.g. `node:20`. */
  readonly original: string;
  /** Registry host (with port), e.g. `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  readonly registry: string;
  /** Repository path on the registry, e.g. `library/node`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:...` when the reference is pinned. */
  readonly digest?: string;
}

export const DEFAULT_REGISTRY = 'docker.io';
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const REGISTRY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Whether a reference holds a build variable (`$VERSION`), so it cannot be resolved statically. */
export function hasVariable(reference: string): boolean {
  return reference.includes('$');
}

/**
 * Parses `[registry/]path[:tag][@digest]` with docker's defaults: no registry means Docker Hub
 * (`docker.io`), and a one-component Hub path gets `library/`. Returns undefined for text that is
 * not a valid reference (including references with `$VARIABLES`).
 */
export function parseImageRef(reference: string): ImageRef | undefined {
  if (reference === '' || hasVariable(reference) || /\s/.test(reference)) return undefined;
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  const first = parts[0] as string;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!REGISTRY.test(first)) return undefined;
    registry = first;
    parts.shift();
  }
  if (parts.length === 0 || !parts.every((part) => PATH_COMPONENT.test(part))) return undefined;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  return {
    original: reference,
    registry,
    repository: parts.join('/'),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** `docker.io/library/node:20`: the fully qualified form, for messages and the lock file. */
export function canonicalImageName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
