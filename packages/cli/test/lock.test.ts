import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, scratchProject } from './runCli.js';
import { MEDIA, manifestBody, sha256, startFakeRegistry } from './support/fakeRegistry.js';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

function project(files: Record<string, string>): string {
  const { dir, cleanup } = scratchProject(files);
  cleanups.push(cleanup);
  return dir;
}

async function fakeRegistry(manifests: Parameters<typeof startFakeRegistry>[0]['manifests']) {
  const server = await startFakeRegistry({ manifests });
  cleanups.push(server.close);
  return server;
}

const bodies = {
  base: manifestBody(MEDIA.ociIndex, 'base'),
  tools: manifestBody(MEDIA.dockerV2, 'tools'),
  cfg: manifestBody(MEDIA.dockerList, 'cfg'),
};

function configFor(host: string): string {
  return `import { bindMount, copy, defineConfig, run, stage, user } from '@dockerdsl/core';

const builder = stage('builder', { from: '${host}/base:1.0' }, [
  run('make', { mounts: [bindMount('/cfg', { from: '${host}/cfg:2' })] }),
]);
const prod = stage('prod', { from: 'scratch' }, [
  copy('/out', '/out', { from: builder }),
  copy('/bin/tool', '/bin/tool', { from: '${host}/tools:3' }),
  user('10001'),
]);

export default defineConfig({ targets: [prod] });
`;
}

describe('dsl lock', () => {
  it('resolves FROM, COPY --from and mount images to digests, deterministically, and dsl build pins them', async () => {
    const registry = await fakeRegistry({
      'base:1.0': { mediaType: MEDIA.ociIndex, body: bodies.base },
      'tools:3': { mediaType: MEDIA.dockerV2, body: bodies.tools },
      'cfg:2': { mediaType: MEDIA.dockerList, body: bodies.cfg },
    });
    const { host } = registry;
    const dir = project({ 'docker.config.ts': configFor(host) });
    const locked = await runCliAsync(['lock', '--insecure-registry', host], dir);
    expect(locked.stderr).toContain('wrote dsl.lock: 3 images, 3 resolved from registries');
    expect(locked.code).toBe(0);
    const text = readFileSync(join(dir, 'dsl.lock'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      lockfileVersion: 1,
      images: {
        [`${host}/base:1.0`]: { digest: sha256(bodies.base), mediaType: MEDIA.ociIndex, resolved: `${host}/base:1.0` },
        [`${host}/cfg:2`]: { digest: sha256(bodies.cfg), mediaType: MEDIA.dockerList, resolved: `${host}/cfg:2` },
        [`${host}/tools:3`]: { digest: sha256(bodies.tools), mediaType: MEDIA.dockerV2, resolved: `${host}/tools:3` },
      },
    });
    expect(text).not.toMatch(/time|date/i);

    // Locked images are not asked for again; a refresh with the same registry state is byte-identical.
    const requestsBefore = registry.requests.length;
    const again = await runCliAsync(['lock', '--insecure-registry', host], dir);
    expect(again.stderr).toContain('dsl.lock is up to date (3 images)');
    expect(registry.requests.length).toBe(requestsBefore);
    const updated = await runCliAsync(['lock', '--update', '--insecure-registry', host], dir);
    expect(updated.code).toBe(0);
    expect(registry.requests.length).toBeGreaterThan(requestsBefore);
    expect(readFileSync(join(dir, 'dsl.lock'), 'utf8')).toBe(text);

    const built = await runCliAsync(['build', '--frozen-lock', '--stdout'], dir);
    expect(built.code).toBe(0);
    expect(built.stdout).toContain(`FROM ${host}/base:1.0@${sha256(bodies.base)} AS builder`);
    expect(built.stdout).toContain(`from=${host}/cfg:2@${sha256(bodies.cfg)}`);
    expect(built.stdout).toContain(`COPY --from=${host}/tools:3@${sha256(bodies.tools)} `);
    expect(built.stdout).toContain('FROM scratch AS prod');
  });

  it('--update picks up a moved tag', async () => {
    const first = await fakeRegistry({ 'base:1.0': { mediaType: MEDIA.ociIndex, body: bodies.base } });
    const dir = project({
      'docker.config.ts': `import { defineConfig, stage, user } from '@dockerdsl/core';
export default defineConfig({ targets: [stage('prod', { from: '${first.host}/base:1.0' }, [user('1')])] });
`,
    });
    expect((await runCliAsync(['lock', '--insecure-registry', first.host], dir)).code).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, 'dsl.lock'), 'utf8'));
    // Same image name, the tag now points at other content: only --update notices.
    lock.images[`${first.host}/base:1.0`].digest = sha256('old');
    writeFileSync(join(dir, 'dsl.lock'), `${JSON.stringify(lock, null, 2)}\n`);
    await runCliAsync(['lock', '--insecure-registry', first.host], dir);
    expect(readFileSync(join(dir, 'dsl.lock'), 'utf8')).toContain(sha256('old'));
    await runCliAsync(['lock', '--update', '--insecure-registry', first.host], dir);
    expect(readFileSync(join(dir, 'dsl.lock'), 'utf8')).toContain(sha256(bodies.base));
  });

  it('fails without writing when an image cannot be resolved, and says how to reach a plain-HTTP registry', async () => {
    const { host } = await fakeRegistry({ 'base:1.0': { mediaType: MEDIA.ociIndex, body: bodies.base } });
    const dir = project({ 'docker.config.ts': configFor(host) });
    const missing = await runCliAsync(['lock', '--insecure-registry', host], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: ${host}/tools:3 was not found on ${host} (HTTP 404)`);
    expect(missing.stderr).toContain('2 image(s) could not be resolved; dsl.lock was not changed');
    expect(existsSync(join(dir, 'dsl.lock'))).toBe(false);

    const secure = await runCliAsync(['lock'], dir);
    expect(secure.code).toBe(1);
    expect(secure.stderr).toContain(
      `hint: if ${host} is a plain-HTTP (test) registry, pass --insecure-registry ${host}`,
    );
    expect(readdirSync(dir)).toEqual(['docker.config.ts']);
  });
});

describe('dsl build --frozen-lock', () => {
  const existing =
    '# Generated by dsl from docker.config.ts. Do not edit: change the config and run: dsl build\nFROM old AS prod\n';
  const config = `import { defineConfig, stage, user } from '@dockerdsl/core';

const base = stage('base', { from: 'busybox:1.36' }, []);
const prod = stage('prod', { from: 'alpine:3.20' }, [user('1')]);

export default defineConfig({ targets: [base, prod], defaultTarget: prod });
`;
  const lockFor = (images: string[]) =>
    `${JSON.stringify(
      {
        lockfileVersion: 1,
        images: Object.fromEntries(
          images.map((image) => [
            image,
            { digest: sha256(image), mediaType: MEDIA.ociIndex, resolved: `docker.io/library/${image}` },
          ]),
        ),
      },
      null,
      2,
    )}\n`;

  it('fails when dsl.lock is missing', async () => {
    const dir = project({ 'docker.config.ts': config, Dockerfile: existing });
    const result = await runCliAsync(['build', '--frozen-lock'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--frozen-lock: dsl.lock not found');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(existing);
  });

  it('fails at the config line of an image the lock lacks; without the flag it warns and emits it unpinned', async () => {
    const dir = project({ 'docker.config.ts': config, Dockerfile: existing, 'dsl.lock': lockFor(['alpine:3.20']) });
    const frozen = await runCliAsync(['build', '--frozen-lock'], dir);
    expect(frozen.code).toBe(1);
    expect(frozen.stderr).toMatch(
      /^docker\.config\.ts:3:14: error: image "busybox:1\.36" is not in dsl\.lock \(--frozen-lock\)/m,
    );
    expect(frozen.stderr).toContain('hint: run "dsl lock" to resolve it and commit dsl.lock');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(existing);

    const loose = await runCliAsync(['build', '--stdout'], dir);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toContain('warning: image "busybox:1.36" is not in dsl.lock and is emitted unpinned');
    expect(loose.stdout).toContain('FROM busybox:1.36 AS base');
    expect(loose.stdout).toContain(`FROM alpine:3.20@${sha256('alpine:3.20')} AS prod`);
  });

  it('names dsl.lock and says what to do when it is a directory, for build and lock alike', async () => {
    const dir = project({ 'docker.config.ts': config, Dockerfile: existing });
    mkdirSync(join(dir, 'dsl.lock'));
    for (const args of [['build', '--stdout'], ['lock']]) {
      const result = await runCliAsync(args, dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error: cannot read dsl.lock: EISDIR');
      expect(result.stderr).toContain('hint: dsl.lock is the file "dsl lock" writes next to the config');
    }
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(existing);
  });

  it('rejects a corrupt dsl.lock with its name', async () => {
    const dir = project({ 'docker.config.ts': config, 'dsl.lock': '{"lockfileVersion": 2}' });
    const result = await runCliAsync(['build', '--stdout'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: dsl.lock is not a dsl lock file (at lockfileVersion)');
  });
});
