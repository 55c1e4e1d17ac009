/**
 * aptInstall's cache mounts with a real BuildKit: the RUN sets Debian's docker-clean hook aside for
 * its own install only. Removed for good (as it was), every later plain `apt-get install` in the
 * image or an image built on it kept its downloaded .deb files in the layer.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall, cmd, compile, run, stage, user } from '@dockerdsl/core';
import { afterAll, describe, expect, test } from 'vitest';
import { assertBuilt, buildWithBuildKit } from './harness/buildkit.js';
import { runToCompletion } from './harness/container.js';
import { requireEngine } from './harness/engine.js';
import { removeImages, uniqueTag } from './harness/images.js';

const engine = await requireEngine();

describe.skipIf(!engine.ok)('aptInstall with cache mounts, then a plain apt-get install (BuildKit)', () => {
  const tags: string[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await removeImages(tags);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test("leaves the image's apt as it was: docker-clean in place, no .deb kept by a later install", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsl-e2e-apt-'));
    dirs.push(dir);
    const base = stage('base', { from: 'debian:bookworm-slim' }, [aptInstall(['ca-certificates'])]);
    const app = stage('app', { from: base }, [
      run('apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*'),
      user('65534'),
      cmd(['sh', '-c', 'ls /etc/apt/apt.conf.d; ls /var/cache/apt/archives; jq --version']),
    ]);
    const { dockerfile } = compile({ targets: [app] });
    const tag = uniqueTag('apt', 'docker-clean');
    tags.push(tag);
    const build = await buildWithBuildKit({ dockerfile, context: dir, tag });
    assertBuilt(build, dockerfile);
    const listing = (await runToCompletion(tag)).stdout.split('\n');
    expect(listing).toContain('docker-clean');
    expect(listing.filter((line) => line.endsWith('.deb'))).toEqual([]);
    expect(listing.some((line) => line.startsWith('jq-'))).toBe(true);
  });
});
