/**
 * A minimal client for the registry HTTP API v2: resolves an image tag to the digest of its
 * manifest (an OCI index / Docker manifest list for multi-platform images, or a single manifest),
 * with the anonymous bearer-token flow Docker Hub and most registries use. Node's fetch only.
 */
import { createHash } from 'node:crypto';
import { canonicalImageName, type ImageRef, parseImageRef } from '@dockerdsl/core';

/** What `dsl lock` accepts, most general first: a multi-platform digest keeps every platform. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
] as const;

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface RegistryClientOptions {
  /** Registries (`host[:port]`, as in image names) reached over plain HTTP, e.g. test registries. */
  readonly insecureRegistries?: readonly string[];
  /** Per request. Default 30 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export interface ResolvedImage {
  readonly digest: string;
  readonly mediaType: string;
  /** Fully qualified name with the tag resolved, e.g. `docker.io/library/node:20`. */
  readonly resolved: string;
}

interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `Bearer realm="...",service="...",scope="..."`. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const param of (match[2] as string).matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[(param[1] as string).toLowerCase()] =
      param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] as string);
  }
  return { scheme: (match[1] as string).toLowerCase(), params };
}

/** The registry host to talk to: Docker Hub's API lives on registry-1.docker.io. */
export function apiHost(ref: ImageRef): string {
  return ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
}

export function manifestUrl(ref: ImageRef, insecure: boolean): string {
  const reference = ref.digest ?? ref.tag ?? 'latest';
  return `${insecure ? 'http' : 'https'}://${apiHost(ref)}/v2/${ref.repository}/manifests/${reference}`;
}

export class RegistryClient {
  private readonly insecure: ReadonlySet<string>;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(options: RegistryClientOptions = {}) {
    this.insecure = new Set(options.insecureRegistries ?? []);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Resolves `name[:tag]` to the digest the registry serves for it now. */
  async resolve(reference: string): Promise<ResolvedImage> {
    const ref = parseImageRef(reference);
    if (!ref) throw new RegistryError(`"${reference}" is not an image reference dsl lock can resolve`);
    const url = manifestUrl(ref, this.insecure.has(ref.registry));
    const resolved = canonicalImageName({ ...ref, tag: ref.tag ?? (ref.digest ? undefined : 'latest') } as ImageRef);
    const head = await this.request('HEAD', url, ref);
    const headDigest = head.headers.get('docker-content-digest') ?? '';
    const headType = mediaTypeOf(head.headers.get('content-type'));
    if (DIGEST.test(headDigest) && isAccepted(headType)) return { digest: headDigest, mediaType: headType, resolved };
    // Some registries omit the digest on HEAD: fetch the manifest and hash it ourselves.
    const get = await this.request('GET', url, ref);
    const body = Buffer.from(await get.arrayBuffer());
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const claimed = get.headers.get('docker-content-digest');
    if (claimed && claimed !== digest) {
      throw new RegistryError(
        `${resolved}: the registry says the manifest is ${claimed}, but its content hashes to ${digest}`,
      );
    }
    let mediaType = mediaTypeOf(get.headers.get('content-type'));
    if (!isAccepted(mediaType)) {
      try {
        mediaType = String((JSON.parse(body.toString('utf8')) as { mediaType?: unknown }).mediaType ?? mediaType);
      } catch {
        // not JSON: reported below with the content type
      }
    }
    if (!isAccepted(mediaType)) {
      throw new RegistryError(
        `${resolved}: unsupported manifest type "${mediaType || 'none'}"`,
        `dsl lock understands ${MANIFEST_MEDIA_TYPES.join(', ')}; old schema 1 images must be re-pushed`,
      );
    }
    return { digest, mediaType, resolved };
  }

  private async request(method: 'HEAD' | 'GET', url: string, ref: ImageRef): Promise<Response> {
    const scopeKey = `${ref.registry} ${ref.repository}`;
    const cached = this.tokens.get(scopeKey);
    let response = await this.send(method, url, ref, cached ? await cached : undefined);
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get('www-authenticate'));
      if (challenge?.scheme !== 'bearer' || !challenge.params['realm']) {
        throw new RegistryError(
          `${ref.registry} wants credentials (${challenge?.scheme ?? 'unknown'} authentication) for ${ref.repository}`,
          'dsl lock resolves public images anonymously; for a private image, pin its digest by hand (name:tag@sha256:...)',
        );
      }
      const token = this.token(challenge, ref);
      this.tokens.set(scopeKey, token);
      response = await this.send(method, url, ref, await token);
      if (response.status === 401 || response.status === 403) {
        throw new RegistryError(
          `${ref.registry} refused anonymous access to ${ref.repository} (HTTP ${response.status})`,
          'check the image name; private images cannot be locked anonymously',
        );
      }
    }
    if (response.status === 404) {
      throw new RegistryError(
        `${canonicalImageName(ref)} was not found on ${ref.registry} (HTTP 404)`,
        'check the image name and tag',
      );
    }
    if (!response.ok) throw new RegistryError(`${method} ${url}: HTTP ${response.status} ${response.statusText}`);
    return response;
  }

  private async token(challenge: Challenge, ref: ImageRef): Promise<string> {
    const realm = new URL(challenge.params['realm'] as string);
    if (challenge.params['service']) realm.searchParams.set('service', challenge.params['service']);
    realm.searchParams.set('scope', challenge.params['scope'] ?? `repository:${ref.repository}:pull`);
    const response = await this.call(realm.href, { method: 'GET', headers: { 'User-Agent': USER_AGENT } }, ref);
    if (!response.ok) {
      throw new RegistryError(
        `the token service ${realm.origin} answered HTTP ${response.status} for ${ref.repository}`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
    const token = body.token ?? body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new RegistryError(`the token service ${realm.origin} returned no token for ${ref.repository}`);
    }
    return token;
  }

  private send(method: string, url: string, ref: ImageRef, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: MANIFEST_MEDIA_TYPES.join(', '), 'User-Agent': USER_AGENT };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    return this.call(url, { method, headers }, ref);
  }

  private async call(url: string, init: RequestInit, ref: ImageRef): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      const plainHttp =
        url.startsWith('https:') &&
        /EPROTO|wrong version number|ECONNRESET|SSL|TLS/i.test(`${why} ${cause?.message ?? ''}`);
      // Only a TLS failure suggests a plain-HTTP registry; a name that does not resolve or a refused
      // connection is the network (offline, a proxy), where --insecure-registry would not help.
      throw new RegistryError(
        `cannot reach ${new URL(url).host} for ${ref.original}: ${why}`,
        plainHttp
          ? `if ${ref.registry} is a plain-HTTP (test) registry, pass --insecure-registry ${ref.registry}`
          : `dsl lock reads digests from the registry: run it where ${new URL(url).host} can be reached (check the network or proxy)`,
      );
    }
  }
}

const USER_AGENT = 'dsl-lock/0.1';

function mediaTypeOf(header: string | null): string {
  return (header ?? '').split(';')[0]?.trim() ?? '';
}

function isAccepted(mediaType: string): boolean {
  return (MANIFEST_MEDIA_TYPES as readonly string[]).includes(mediaType);
}
