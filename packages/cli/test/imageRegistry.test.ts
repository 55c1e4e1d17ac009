import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { parseImageRef } from '@dockerdsl/core';
import { afterEach, describe, expect, it } from 'vitest';
import { apiHost, manifestUrl, parseChallenge, RegistryClient, RegistryError } from '../src/imageRegistry.js';
import { MEDIA, manifestBody, sha256, startFakeRegistry } from './support/fakeRegistry.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function registry(options: Parameters<typeof startFakeRegistry>[0]) {
  const server = await startFakeRegistry(options);
  closers.push(server.close);
  return { ...server, client: new RegistryClient({ insecureRegistries: [server.host], timeoutMs: 5000 }) };
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('registry client: addresses and challenges', () => {
  it('maps Docker Hub names to registry-1.docker.io with library/, others to their host', () => {
    expect(manifestUrl(parseImageRef('node:20')!, false)).toBe(
      'https://registry-1.docker.io/v2/library/node/manifests/20',
    );
    expect(manifestUrl(parseImageRef('node')!, false)).toBe(
      'https://registry-1.docker.io/v2/library/node/manifests/latest',
    );
    expect(manifestUrl(parseImageRef('ghcr.io/o/app:v1')!, false)).toBe('https://ghcr.io/v2/o/app/manifests/v1');
    expect(manifestUrl(parseImageRef('127.0.0.1:5000/x/y:1')!, true)).toBe('http://127.0.0.1:5000/v2/x/y/manifests/1');
    expect(apiHost(parseImageRef('docker.io/library/busybox')!)).toBe('registry-1.docker.io');
  });

  it('parses bearer challenges with quoted and bare parameters', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/node:pull',
      },
    });
    expect(parseChallenge('Basic realm=fake')).toEqual({ scheme: 'basic', params: { realm: 'fake' } });
    expect(parseChallenge(null)).toBeUndefined();
  });
});

describe('registry client against a fake registry', () => {
  it('follows the anonymous token flow (401 -> token -> retry) and reuses the token', async () => {
    const index = manifestBody(MEDIA.ociIndex, 'busybox');
    const { host, client, requests } = await registry({
      manifests: {
        'library/busybox:1.36': { mediaType: MEDIA.ociIndex, body: index },
        'library/busybox:1.37': { mediaType: MEDIA.ociIndex, body: manifestBody(MEDIA.ociIndex, 'other') },
      },
    });
    const first = await client.resolve(`${host}/library/busybox:1.36`);
    expect(first).toEqual({
      digest: sha256(index),
      mediaType: MEDIA.ociIndex,
      resolved: `${host}/library/busybox:1.36`,
    });
    await client.resolve(`${host}/library/busybox:1.37`);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'HEAD /v2/library/busybox/manifests/1.36',
      'GET /token?service=fake-registry&scope=repository%3Alibrary%2Fbusybox%3Apull',
      'HEAD /v2/library/busybox/manifests/1.36',
      'HEAD /v2/library/busybox/manifests/1.37',
    ]);
    expect(requests[2]?.authorization).toBe('Bearer token-for repository:library/busybox:pull');
    expect(requests[0]?.accept).toBe([MEDIA.ociIndex, MEDIA.dockerList, MEDIA.dockerV2, MEDIA.ociManifest].join(', '));
  });

  it.each([
    ['an OCI index', MEDIA.ociIndex],
    ['a Docker manifest list', MEDIA.dockerList],
    ['a Docker v2 manifest', MEDIA.dockerV2],
    ['an OCI manifest', MEDIA.ociManifest],
  ])('resolves %s to its digest and media type', async (_name, mediaType) => {
    const body = manifestBody(mediaType, mediaType);
    const { host, client } = await registry({ manifests: { 'app:1': { mediaType, body } } });
    expect(await client.resolve(`${host}/app:1`)).toMatchObject({ digest: sha256(body), mediaType });
  });

  it('hashes the manifest itself when HEAD has no Docker-Content-Digest', async () => {
    const body = manifestBody(MEDIA.dockerV2, 'no-digest');
    const { host, client, requests } = await registry({
      auth: 'none',
      manifests: { 'app:1': { mediaType: MEDIA.dockerV2, body, noDigestOnHead: true } },
    });
    expect((await client.resolve(`${host}/app:1`)).digest).toBe(sha256(body));
    expect(requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it('refuses a manifest whose content does not match the digest the registry claims', async () => {
    const { host, client } = await registry({
      auth: 'none',
      manifests: {
        'app:1': {
          mediaType: MEDIA.dockerV2,
          body: manifestBody(MEDIA.dockerV2, 'x'),
          noDigestOnHead: true,
          claimDigest: sha256('other'),
        },
      },
    });
    expect((await failure(client.resolve(`${host}/app:1`))).message).toMatch(/content hashes to sha256:/);
  });

  it('reports an unknown tag, a credentials-only registry and schema 1 manifests', async () => {
    const { host, client } = await registry({ manifests: {} });
    const missing = await failure(client.resolve(`${host}/app:9`));
    expect(missing.message).toBe(`${host}/app:9 was not found on ${host} (HTTP 404)`);

    const basic = await registry({ auth: 'basic', manifests: {} });
    const denied = await failure(basic.client.resolve(`${basic.host}/private/app:1`));
    expect(denied.message).toMatch(/wants credentials \(basic authentication\) for private\/app/);
    expect(denied.hint).toMatch(/pin its digest by hand/);

    const old = await registry({
      auth: 'none',
      manifests: { 'app:1': { mediaType: MEDIA.schema1, body: '{}', noDigestOnHead: true } },
    });
    // Not in our Accept list, so the registry does not serve it: reported as not found.
    expect((await failure(old.client.resolve(`${old.host}/app:1`))).message).toMatch(/not found/);
    const legacy = await registry({
      auth: 'none',
      manifests: { 'app:1': { mediaType: MEDIA.schema1, body: '{"schemaVersion":1}', ignoreAccept: true } },
    });
    const unsupported = await failure(legacy.client.resolve(`${legacy.host}/app:1`));
    expect(unsupported.message).toBe(`${legacy.host}/app:1: unsupported manifest type "${MEDIA.schema1}"`);
  });

  it('suggests --insecure-registry when HTTPS meets a plain-HTTP registry', async () => {
    const { host } = await registry({ manifests: {} });
    const secure = new RegistryClient({ timeoutMs: 5000 });
    const error = await failure(secure.resolve(`${host}/app:1`));
    expect(error.message).toMatch(new RegExp(`cannot reach ${host.replace(/\./g, '\\.')}`));
    expect(error.hint).toBe(`if ${host} is a plain-HTTP (test) registry, pass --insecure-registry ${host}`);
  });

  // Found by a review: offline, it told users to pass --insecure-registry docker.io.
  it('says to check the network, not --insecure-registry, when the registry cannot be reached at all', async () => {
    // A port nothing listens on: a server is started to find a free one, then closed.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as AddressInfo;
    await new Promise((done) => probe.close(done));
    const error = await failure(new RegistryClient({ timeoutMs: 5000 }).resolve(`127.0.0.1:${port}/app:1`));
    expect(error.message).toMatch(new RegExp(`cannot reach 127\\.0\\.0\\.1:${port} .*ECONNREFUSED`));
    expect(error.hint).toBe(
      `dsl lock reads digests from the registry: run it where 127.0.0.1:${port} can be reached (check the network or proxy)`,
    );
  });
});
