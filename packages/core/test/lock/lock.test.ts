import { describe, expect, it } from 'vitest';
import {
  bindMount,
  collectImages,
  compile,
  copy,
  DslError,
  defineConfig,
  type ImageLock,
  parseImageLock,
  parseImageRef,
  run,
  serializeImageLock,
  stage,
} from '../../src/index.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['node', { registry: 'docker.io', repository: 'library/node' }],
    ['node:20', { registry: 'docker.io', repository: 'library/node', tag: '20' }],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' }],
    ['ghcr.io/owner/app:v1', { registry: 'ghcr.io', repository: 'owner/app', tag: 'v1' }],
    ['127.0.0.1:5000/busybox:1.36', { registry: '127.0.0.1:5000', repository: 'busybox', tag: '1.36' }],
    ['localhost/x', { registry: 'localhost', repository: 'x' }],
    ['index.docker.io/library/alpine:3', { registry: 'docker.io', repository: 'library/alpine', tag: '3' }],
    [`node:20@${digest('a')}`, { registry: 'docker.io', repository: 'library/node', tag: '20', digest: digest('a') }],
  ])('%s', (text, expected) => {
    expect(parseImageRef(text)).toEqual({ original: text, ...expected });
  });
  it.each(['', 'Node:20', 'node:$V', 'a b', 'node@sha256:short', 'node:bad/tag'])('rejects %j', (text) => {
    expect(parseImageRef(text)).toBeUndefined();
  });
});

const tools = 'registry.example/tools:1.0';
function config() {
  const builder = stage('builder', { from: 'golang:1.22' }, [
    run('go build', { mounts: [bindMount('/cfg', { from: 'registry.example/cfg:2', source: '/etc' })] }),
  ]);
  return defineConfig({
    targets: [
      stage('prod', { from: 'alpine:3.20' }, [
        copy('/out', '/out', { from: builder }),
        copy('/bin/t', '/bin/t', { from: tools }),
      ]),
    ],
  });
}

const lock: ImageLock = {
  lockfileVersion: 1,
  images: {
    'golang:1.22': {
      digest: digest('1'),
      mediaType: 'application/vnd.oci.image.index.v1+json',
      resolved: 'docker.io/library/golang:1.22',
    },
    'alpine:3.20': {
      digest: digest('2'),
      mediaType: 'application/vnd.oci.image.index.v1+json',
      resolved: 'docker.io/library/alpine:3.20',
    },
    [tools]: {
      digest: digest('3'),
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      resolved: tools,
    },
    'registry.example/cfg:2': {
      digest: digest('4'),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      resolved: 'registry.example/cfg:2',
    },
  },
};

describe('image locking', () => {
  it('collects FROM, COPY --from and mount images, sorted and unique', () => {
    expect(collectImages(compile(config()).build)).toEqual([
      'alpine:3.20',
      'golang:1.22',
      'registry.example/cfg:2',
      tools,
    ]);
  });

  it('pins every image in the emitted Dockerfile, but not in the returned build', () => {
    const { dockerfile, build } = compile(config(), { lock });
    expect(dockerfile).toContain(`FROM golang:1.22@${digest('1')} AS builder`);
    expect(dockerfile).toContain(`FROM alpine:3.20@${digest('2')} AS prod`);
    expect(dockerfile).toContain(`COPY --from=${tools}@${digest('3')} `);
    expect(dockerfile).toContain(
      `--mount=type=bind,from=registry.example/cfg:2@${digest('4')},source=/etc,target=/cfg`,
    );
    expect(collectImages(build)).toContain('alpine:3.20');
  });

  it('leaves unlocked images alone, or fails on them with frozenLock at the config line', () => {
    const partial: ImageLock = { lockfileVersion: 1, images: { 'alpine:3.20': lock.images['alpine:3.20']! } };
    expect(compile(config(), { lock: partial }).dockerfile).toContain('FROM golang:1.22 AS builder');
    let error: unknown;
    try {
      compile(config(), { lock: partial, frozenLock: true });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DslError);
    expect((error as DslError).message).toBe('image "golang:1.22" is not in dsl.lock (--frozen-lock)');
    expect((error as DslError).location).toMatchObject({ stage: 'builder' });
    expect((error as DslError).location.callSite?.file).toBe(new URL(import.meta.url).pathname);
  });

  it('serializes deterministically (sorted keys, fixed field order) and parses back', () => {
    const shuffled: ImageLock = {
      lockfileVersion: 1,
      images: Object.fromEntries(Object.entries(lock.images).reverse()),
    };
    const text = serializeImageLock(shuffled);
    expect(text).toBe(serializeImageLock(lock));
    expect(Object.keys(JSON.parse(text).images)).toEqual(Object.keys(lock.images).sort());
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseImageLock(text, 'dsl.lock')).toEqual(JSON.parse(text));
  });

  it('rejects a broken lock file with the file name', () => {
    expect(() => parseImageLock('{', 'dsl.lock')).toThrow(/dsl\.lock is not valid JSON/);
    expect(() => parseImageLock('{"lockfileVersion":1,"images":{"a":{"digest":"md5:x"}}}', 'dsl.lock')).toThrow(
      /dsl\.lock is not a dsl lock file \(at images\.a\.digest\)/,
    );
  });
});
