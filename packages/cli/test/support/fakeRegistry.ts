import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeManifest {
  readonly mediaType: string;
  readonly body: string;
  /** Leave Docker-Content-Digest off HEAD responses (some registries do). */
  readonly noDigestOnHead?: boolean;
  /** Claim this digest instead of the real one. */
  readonly claimDigest?: string;
  /** Serve it whatever the client accepts (as old registries did with schema 1). */
  readonly ignoreAccept?: boolean;
}

export interface FakeRegistryOptions {
  /** `repository:tag` -> manifest. */
  readonly manifests: Record<string, FakeManifest>;
  /** `bearer` (default): anonymous token flow; `basic`: credentials required; `none`: open. */
  readonly auth?: 'bearer' | 'basic' | 'none';
}

export interface RequestLog {
  readonly method: string;
  readonly url: string;
  readonly accept?: string;
  readonly authorization?: string;
}

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/**
 * A registry HTTP API v2 stand-in on 127.0.0.1: bearer-token challenge, a token endpoint, and
 * manifests served only when the client's Accept header lists their media type (as the real
 * registry does).
 */
export async function startFakeRegistry(options: FakeRegistryOptions): Promise<{
  host: string;
  requests: RequestLog[];
  close: () => Promise<void>;
}> {
  const requests: RequestLog[] = [];
  let host = '';
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    requests.push({
      method: req.method ?? '',
      url: url.pathname + url.search,
      ...(req.headers.accept ? { accept: req.headers.accept } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (url.pathname === '/token') {
      const scope = url.searchParams.get('scope') ?? '';
      const service = url.searchParams.get('service');
      if (service !== 'fake-registry') {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `token-for ${scope}` }));
      return;
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const repository = match[1] as string;
    const auth = options.auth ?? 'bearer';
    if (auth === 'basic' && !req.headers.authorization) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fake"' }).end();
      return;
    }
    if (auth === 'bearer' && req.headers.authorization !== `Bearer token-for repository:${repository}:pull`) {
      res
        .writeHead(401, {
          'WWW-Authenticate': `Bearer realm="http://${host}/token",service="fake-registry",scope="repository:${repository}:pull"`,
          'Content-Type': 'application/json',
        })
        .end(req.method === 'HEAD' ? undefined : '{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const manifest = options.manifests[`${repository}:${match[2]}`];
    const accepted = (req.headers.accept ?? '').split(',').map((type) => type.trim());
    if (!manifest || !(manifest.ignoreAccept || accepted.includes(manifest.mediaType))) {
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(req.method === 'HEAD' ? undefined : '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': manifest.mediaType,
      'Content-Length': String(Buffer.byteLength(manifest.body)),
    };
    if (!(req.method === 'HEAD' && manifest.noDigestOnHead)) {
      headers['Docker-Content-Digest'] = manifest.claimDigest ?? sha256(manifest.body);
    }
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : manifest.body);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerV2: 'application/vnd.docker.distribution.manifest.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  schema1: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export function manifestBody(mediaType: string, salt: string): string {
  return JSON.stringify({ schemaVersion: 2, mediaType, salt });
}
