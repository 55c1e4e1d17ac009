/**
 * Issue 8: `dsl bake` writes a docker-bake.json that a JSON parser reads and whose targets build.
 * With the buildx plugin, `docker buildx bake` builds the default group; without it (Debian's
 * docker.io 20.10 has none), every target is built in parallel with `docker build`, from the bake
 * file's own fields: context, dockerfile, target, tags, build args and a single platform. Cache
 * import/export (`cache-from`/`cache-to`) needs buildx and a registry, so the fallback leaves it
 * out; the test still checks the bake file carries it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runToCompletion } from './harness/container.js';
import { DOCKER, dockerEnv } from './harness/docker.js';
import { dsl, runMarker } from './harness/dslCli.js';
import { requireEngine } from './harness/engine.js';
import { type ExecResult, exec, tail } from './harness/exec.js';
import { removeImages } from './harness/images.js';

const engine = await requireEngine();
const hasBuildx = engine.ok && (await exec(DOCKER, ['buildx', 'version'], { env: dockerEnv() })).code === 0;
const hostPlatform = `linux/${arch() === 'x64' ? 'amd64' : arch() === 'arm64' ? 'arm64' : arch()}`;

const config = (
  run: string,
) => `import { arg, cmd, copy, defineConfig, env, expand, stage, workdir } from '@dockerdsl/core';

const base = stage('base', { from: 'busybox:1.36' }, [workdir('/app'), copy('greeting.txt', './')]);
const api = stage('api', { from: base }, [
  arg('FLAVOUR', 'plain'),
  env('FLAVOUR', expand('$FLAVOUR')),
  cmd(['sh', '-c', 'echo "api $FLAVOUR $(cat greeting.txt)"']),
]);
const worker = stage('worker', { from: base }, [cmd(['sh', '-c', 'echo "worker $(cat greeting.txt)"'])]);

export default defineConfig({
  targets: [api, worker],
  images: {
    '*': {
      tags: ['dsl-e2e/bake-{target}:${run}'],
      cacheFrom: [{ type: 'registry', ref: 'registry.example.com/app:cache-{target}' }],
      cacheTo: [{ type: 'registry', ref: 'registry.example.com/app:cache-{target}', mode: 'max' }],
    },
    api: { args: { FLAVOUR: 'spicy' }, platforms: ['${hostPlatform}'], labels: { 'com.example.run': '${run}' } },
  },
});
`;

interface BakeTarget {
  context: string;
  dockerfile: string;
  target: string;
  tags?: string[];
  platforms?: string[];
  args?: Record<string, string>;
  labels?: Record<string, string>;
  'cache-from'?: string[];
  'cache-to'?: string[];
}

interface Bake {
  group: { default: { targets: string[] } };
  target: Record<string, BakeTarget>;
}

/** `docker build` with the fields of one bake target, from the bake file's directory. */
function buildTarget(bakeDir: string, target: BakeTarget): Promise<ExecResult> {
  const context = resolve(bakeDir, target.context);
  const platforms = target.platforms ?? [];
  if (platforms.length > 1) throw new Error('the fallback builds one platform; multi-platform needs buildx');
  const args = [
    'build',
    '--network',
    'host',
    '--progress=plain',
    '-f',
    resolve(context, target.dockerfile),
    '--target',
    target.target,
    ...(target.tags ?? []).flatMap((tag) => ['-t', tag]),
    ...Object.entries(target.args ?? {}).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
    ...Object.entries(target.labels ?? {}).flatMap(([name, value]) => ['--label', `${name}=${value}`]),
    ...platforms.flatMap((platform) => ['--platform', platform]),
    context,
  ];
  return exec(DOCKER, args, { env: dockerEnv(), timeoutMs: 600_000 });
}

describe.skipIf(!engine.ok)('dsl bake: docker-bake.json whose targets build', () => {
  const run = runMarker()
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-');
  const tags = ['api', 'worker'].map((target) => `dsl-e2e/bake-${target}:${run}`);
  let dir = '';
  afterAll(async () => {
    await removeImages(tags);
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  test(`every target of the default group builds (${hasBuildx ? 'docker buildx bake' : 'docker build per target'})`, async () => {
    dir = await mkdtemp(join(tmpdir(), 'dsl-e2e-bake-'));
    await mkdir(join(dir, 'app'));
    await writeFile(join(dir, 'app/docker.config.ts'), config(run));
    await writeFile(join(dir, 'app/greeting.txt'), `hello ${run}\n`);
    await dsl(['build', 'app'], dir);
    await dsl(['bake', 'app', '--out', 'docker-bake.json'], dir);

    const bake = JSON.parse(await readFile(join(dir, 'docker-bake.json'), 'utf8')) as Bake;
    expect(bake.group.default.targets).toEqual(['api', 'worker']);
    expect(bake.target['api']).toMatchObject({
      context: 'app',
      dockerfile: 'Dockerfile',
      target: 'api',
      tags: [tags[0]],
      args: { FLAVOUR: 'spicy' },
      'cache-from': ['type=registry,ref=registry.example.com/app:cache-api'],
      'cache-to': ['type=registry,ref=registry.example.com/app:cache-api,mode=max'],
    });

    if (hasBuildx) {
      // No registry here: build without the registry cache, load the images into the engine.
      const result = await exec(
        DOCKER,
        ['buildx', 'bake', '--file', 'docker-bake.json', '--load', '--set', '*.cache-from=', '--set', '*.cache-to='],
        { cwd: dir, env: dockerEnv(), timeoutMs: 600_000 },
      );
      expect(result.code, tail(result.stderr)).toBe(0);
    } else {
      const results = await Promise.all(
        bake.group.default.targets.map((name) => buildTarget(dir, bake.target[name] as BakeTarget)),
      );
      for (const result of results) expect(result.code, `${result.command}\n${tail(result.stderr)}`).toBe(0);
    }

    const api = await runToCompletion(tags[0] as string);
    expect(api.stdout.trim()).toBe(`api spicy hello ${run}`);
    const worker = await runToCompletion(tags[1] as string);
    expect(worker.stdout.trim()).toBe(`worker hello ${run}`);
    const labels = await exec(
      DOCKER,
      ['image', 'inspect', '-f', '{{ index .Config.Labels "com.example.run" }}', tags[0] as string],
      {
        env: dockerEnv(),
      },
    );
    expect(labels.stdout.trim()).toBe(run);
  });
});
