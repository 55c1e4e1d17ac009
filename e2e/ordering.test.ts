/**
 * orderForCache never changes what the build does, checked with a real BuildKit on a config that
 * pulls a step above its own phase: the ENV after `cat package.json` must stay after it, and the
 * system-phase RUN after the ENV, so the cat is due at the system phase. It must take the COPY of
 * its file along: were it placed above the COPY, the build would fail ("No such file").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cmd, compile, copy, env, run, stage, workdir } from '@dockerdsl/core';
import { afterAll, describe, expect, test } from 'vitest';
import { assertBuilt, buildWithBuildKit } from './harness/buildkit.js';
import { runToCompletion } from './harness/container.js';
import { requireEngine } from './harness/engine.js';
import { removeImages, uniqueTag } from './harness/images.js';
import { uniqueMarker } from './harness/workspace.js';

const engine = await requireEngine();

describe.skipIf(!engine.ok)('orderForCache with BuildKit', () => {
  const tags: string[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await removeImages(tags);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test('a step pulled above its phase still runs after the COPY of the file it reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dsl-e2e-pull-'));
    dirs.push(dir);
    // Unique per run, so the image can only show it if this build's COPY ran before the RUN.
    const marker = uniqueMarker();
    await writeFile(join(dir, 'package.json'), `{"name":"${marker}"}\n`);
    const app = stage('app', { from: 'debian:bookworm-slim' }, [
      workdir('/app'),
      copy(['package.json'], './', { phase: 'deps' }),
      run('cat package.json > /tmp/installed-from', { phase: 'deps' }),
      env('NODE_ENV', 'production'),
      run('echo "$NODE_ENV" > /tmp/mode', { phase: 'system' }),
      cmd(['cat', '/tmp/installed-from', '/tmp/mode']),
    ]);
    const { dockerfile } = compile({ targets: [app] });
    const tag = uniqueTag('pull', 'app');
    tags.push(tag);
    // Built first: with the cat above the COPY, BuildKit itself fails the build.
    assertBuilt(await buildWithBuildKit({ dockerfile, context: dir, tag }), dockerfile);
    const lines = dockerfile.split('\n');
    const copyLine = lines.findIndex((line) => line.startsWith('COPY package.json'));
    expect(copyLine).toBeGreaterThan(-1);
    expect(lines.findIndex((line) => line.startsWith('RUN cat package.json'))).toBeGreaterThan(copyLine);
    const ran = await runToCompletion(tag);
    expect(ran.stdout).toContain(marker);
    expect(ran.stdout).toContain('production');
  });
});
