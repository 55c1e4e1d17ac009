/**
 * `dsl lock` against a real registry: Debian's docker-registry (distribution 2.8) on loopback,
 * a fixture image pushed to it with the real docker client, then the locked Dockerfile built
 * with BuildKit (Docker Engine 20.10), pulling the base image by digest from that registry.
 *
 * Needs dockerd and the busybox:1.36 fixture (scripts/engine.sh). Installs docker-registry with
 * apt-get when missing. Skips with a message when no engine answers, except on CI where it fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, scratchProject } from '../packages/cli/test/runCli.js';

const DOCKER = process.env['DSL_E2E_DOCKER'] ?? '/usr/bin/docker';
const FIXTURE = 'busybox:1.36';
const CI = ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase());
const dockerEnv = { ...process.env, DOCKER_BUILDKIT: '1' };
const timings: Record<string, number> = {};

function docker(args: readonly string[], timeout = 300_000) {
  return spawnSync(DOCKER, args, { encoding: 'utf8', env: dockerEnv, timeout });
}

function engineProblem(): string | undefined {
  const info = docker(['version', '-f', '{{.Server.Version}}'], 20_000);
  if (info.status !== 0)
    return `dockerd is not reachable through ${DOCKER}: ${(info.stderr || String(info.error)).trim()}`;
  if (docker(['image', 'inspect', FIXTURE], 20_000).status !== 0) return `the ${FIXTURE} fixture image is missing`;
  return undefined;
}

const problem = engineProblem();
if (problem && !CI) console.warn(`\n*** SKIPPING e2e/lock.test.ts: ${problem}\n    fix: sudo bash scripts/engine.sh\n`);

async function timed<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - start);
  }
}

function ensureDockerRegistry(): void {
  if (spawnSync('sh', ['-c', 'command -v docker-registry']).status === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'docker-registry'], { encoding: 'utf8', env });
  let result = install();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
    result = install();
  }
  if (result.status !== 0) throw new Error(`apt-get install docker-registry failed:\n${result.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(problem !== undefined && !CI)('dsl lock against a real registry, built with BuildKit', () => {
  let registry: ChildProcess | undefined;
  let storage = '';
  let host = '';
  let image = '';
  let pushedDigest = '';
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    if (problem) throw new Error(`${problem}\n  fix: sudo bash scripts/engine.sh`);
    await timed('install docker-registry', ensureDockerRegistry);
    storage = mkdtempSync(join(tmpdir(), 'dsl-registry-'));
    host = `127.0.0.1:${await freePort()}`;
    image = `${host}/busybox:1.36`;
    const configPath = join(storage, 'config.yml');
    writeFileSync(
      configPath,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(storage, 'data')}`,
        'http:',
        `  addr: ${host}`,
        '',
      ].join('\n'),
    );
    await timed('start registry', async () => {
      registry = spawn('docker-registry', ['serve', configPath], { stdio: 'ignore' });
      await waitFor(`http://${host}/v2/`, 30_000);
    });
    await timed('tag and push fixture', () => {
      expect(docker(['tag', FIXTURE, image]).status).toBe(0);
      const push = docker(['push', image]);
      expect(push.status, push.stderr).toBe(0);
      pushedDigest = /digest: (sha256:[a-f0-9]{64})/.exec(push.stdout)?.[1] ?? '';
      expect(pushedDigest).toMatch(/^sha256:/);
    });
  });

  afterAll(() => {
    for (const cleanup of cleanups) cleanup();
    if (registry?.pid !== undefined) registry.kill('SIGTERM');
    if (image) docker(['rmi', '-f', image, 'dsl-e2e-locked:latest'], 60_000);
    if (storage) rmSync(storage, { recursive: true, force: true });
    console.log(`e2e lock timings (ms): ${JSON.stringify(timings)}`);
  });

  it('locks FROM, COPY --from and mount images to the pushed digest, and BuildKit builds the pinned Dockerfile', async () => {
    const { dir, cleanup } = scratchProject({
      'docker.config.ts': `import { bindMount, cmd, copy, defineConfig, run, stage, user } from '@dockerdsl/core';

const prod = stage('prod', { from: '${image}' }, [
  copy('/bin/busybox', '/opt/busybox-copy', { from: '${image}' }),
  run('cat /m/etc/passwd > /passwd-from-mount && echo locked > /locked', {
    mounts: [bindMount('/m', { from: '${image}' })],
  }),
  user('65534'),
  cmd(['cat', '/locked']),
]);

export default defineConfig({ targets: [prod] });
`,
    });
    cleanups.push(cleanup);

    const lock = await timed('dsl lock', () => runCliAsync(['lock', '--insecure-registry', host], dir));
    expect(lock.stderr).toContain('wrote dsl.lock: 1 image, 1 resolved from registries');
    expect(lock.code).toBe(0);
    const locked = JSON.parse(readFileSync(join(dir, 'dsl.lock'), 'utf8'));
    expect(locked).toEqual({
      lockfileVersion: 1,
      images: {
        [image]: {
          digest: pushedDigest,
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          resolved: image,
        },
      },
    });
    const repoDigests = docker(['image', 'inspect', '-f', '{{json .RepoDigests}}', image]).stdout;
    expect(repoDigests).toContain(`${host}/busybox@${pushedDigest}`);

    const build = await timed('dsl build --frozen-lock', () => runCliAsync(['build', '--frozen-lock'], dir));
    expect(build.code, build.stderr).toBe(0);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const pinned = `${image}@${pushedDigest}`;
    expect(dockerfile).toContain(`FROM ${pinned} AS prod`);
    expect(dockerfile).toContain(`COPY --from=${pinned} `);
    expect(dockerfile).toContain(`--mount=type=bind,from=${pinned},target=/m`);

    // Without the local tag, BuildKit has to fetch the base image by digest from the registry.
    expect(docker(['rmi', image]).status).toBe(0);
    const built = await timed('docker build (BuildKit)', () =>
      docker(['build', '--network', 'host', '--progress', 'plain', '-t', 'dsl-e2e-locked:latest', dir]),
    );
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toContain(pinned);
    const ran = docker(['run', '--rm', '--network', 'none', 'dsl-e2e-locked:latest']);
    expect(ran.stdout.trim()).toBe('locked');
    const passwd = docker(['run', '--rm', '--network', 'none', 'dsl-e2e-locked:latest', 'cat', '/passwd-from-mount']);
    expect(passwd.stdout).toContain('root:x:0:0');

    // The digest really is what gets built: a digest the registry does not have fails the build.
    locked.images[image].digest = `sha256:${'0'.repeat(64)}`;
    writeFileSync(join(dir, 'dsl.lock'), `${JSON.stringify(locked, null, 2)}\n`);
    expect((await runCliAsync(['build', '--frozen-lock'], dir)).code).toBe(0);
    const wrong = await timed('docker build (wrong digest)', () =>
      docker(['build', '--network', 'host', '--progress', 'plain', dir]),
    );
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/not found|unknown|manifest/i);
  });

  it("rejects a Dockerfile line over BuildKit's 65535-byte limit exactly where BuildKit does", async () => {
    const probe = mkdtempSync(join(tmpdir(), 'dsl-linelimit-'));
    cleanups.push(() => rmSync(probe, { recursive: true, force: true }));
    const line = (bytes: number) => `ENV BIG=${'a'.repeat(bytes - 'ENV BIG='.length)}`;
    writeFileSync(join(probe, 'ok.Dockerfile'), `FROM ${FIXTURE}\n${line(65535)}\n`);
    writeFileSync(join(probe, 'long.Dockerfile'), `FROM ${FIXTURE}\n${line(65536)}\n`);
    const ok = docker(['build', '--network', 'host', '-q', '-f', join(probe, 'ok.Dockerfile'), probe]);
    expect(ok.status, ok.stderr).toBe(0);
    const long = docker(['build', '--network', 'host', '-q', '-f', join(probe, 'long.Dockerfile'), probe]);
    expect(long.status).not.toBe(0);
    expect(long.stderr).toContain('dockerfile line greater than max allowed size of 65535');
    const { dir, cleanup } = scratchProject({
      'docker.config.ts': `import { defineConfig, env, stage, user } from '@dockerdsl/core';
export default defineConfig({ targets: [stage('prod', { from: '${FIXTURE}' }, [env('BIG', 'a'.repeat(65535 - 'ENV BIG='.length + 1)), user('1')])] });
`,
    });
    cleanups.push(cleanup);
    const compiled = await runCliAsync(['build', '--stdout'], dir);
    expect(compiled.code).toBe(1);
    expect(compiled.stderr).toContain(
      'the ENV line would be 65536 bytes; BuildKit rejects Dockerfile lines over 65535 bytes',
    );
  });
});
