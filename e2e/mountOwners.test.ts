/**
 * Secrets after `nonRootUser()`, with a real BuildKit: BuildKit mounts a secret owned by root, mode
 * 0400, so a RUN as uid 10001 could not read it ("Permission denied"). The compiler's mountOwners
 * pass gives the mount the numeric USER in effect; the RUN then reads the secret, and the secret
 * is in no layer. A cache mount gets the same owner: BuildKit creates its directory root's, 0755.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheMount, cmd, compile, nonRootUser, run, secretRun, stage } from '@dockerdsl/core';
import { afterAll, describe, expect, test } from 'vitest';
import { assertBuilt, buildWithBuildKit } from './harness/buildkit.js';
import { runToCompletion } from './harness/container.js';
import { requireEngine } from './harness/engine.js';
import { removeImages, uniqueTag } from './harness/images.js';
import { uniqueMarker } from './harness/workspace.js';

const engine = await requireEngine();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.skipIf(!engine.ok)('secret and cache mounts after nonRootUser() with BuildKit', () => {
  const tags: string[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await removeImages(tags);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test('the unprivileged RUN reads the secret, and no layer holds it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsl-e2e-secret-'));
    dirs.push(dir);
    // Unique per run: a value an earlier run cached would not prove this build read it.
    const secret = `s3cret-${uniqueMarker()}`;
    await writeFile(join(dir, 'token.txt'), secret);
    const app = stage('app', { from: 'debian:bookworm-slim' }, [
      nonRootUser(),
      // Checked by its hash, so the Dockerfile (and the image history) holds no secret either.
      secretRun(`echo "${sha256(secret)}  /run/secrets/token" | sha256sum -c && id -u > /tmp/read-by`, {
        secrets: ['token'],
      }),
      run('! grep -r s3cret- /tmp /home /app 2>/dev/null'),
      cmd(['cat', '/tmp/read-by']),
    ]);
    const { dockerfile } = compile({ targets: [app] });
    expect(dockerfile).toContain('--mount=type=secret,id=token,required=true,uid=10001,gid=10001');
    const tag = uniqueTag('secret', 'non-root');
    tags.push(tag);
    const build = await buildWithBuildKit({
      dockerfile,
      context: dir,
      tag,
      secrets: { token: join(dir, 'token.txt') },
    });
    assertBuilt(build, dockerfile);
    const ran = await runToCompletion(tag);
    expect(ran.stdout.trim()).toBe('10001');
  });
  test('a cache mount after nonRootUser() is writable by that user, and keeps what it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsl-e2e-cache-owner-'));
    dirs.push(dir);
    // Unique per run, so the second build can only see it through the cache mount.
    const marker = uniqueMarker();
    const write = (value: string) =>
      stage('app', { from: 'debian:bookworm-slim' }, [
        nonRootUser(),
        run(`ls /home/app/.cache > /tmp/seen && echo ${value} > /home/app/.cache/${value} && id -u > /tmp/wrote-by`, {
          mounts: [cacheMount('/home/app/.cache')],
        }),
        cmd(['cat', '/tmp/wrote-by', '/tmp/seen']),
      ]);
    const first = compile({ targets: [write(`a-${marker}`)] }).dockerfile;
    expect(first).toContain('--mount=type=cache,target=/home/app/.cache,uid=10001,gid=10001');
    const tag = uniqueTag('cache-owner', 'non-root');
    tags.push(tag);
    // Without the owner BuildKit creates the directory root's, 0755: "Permission denied".
    assertBuilt(await buildWithBuildKit({ dockerfile: first, context: dir, tag }), first);
    const second = compile({ targets: [write(`b-${marker}`)] }).dockerfile;
    assertBuilt(await buildWithBuildKit({ dockerfile: second, context: dir, tag }), second);
    const ran = await runToCompletion(tag);
    expect(ran.stdout.split('\n')).toEqual(expect.arrayContaining(['10001', `a-${marker}`]));
  });
});
