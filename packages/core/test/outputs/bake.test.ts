/** docker-bake.json: structure, settings from the config's `images`, escaping, and errors. */
import {
  BAKE_MARKER,
  type BakeFile,
  bakeFile,
  type Config,
  cacheCsv,
  compile,
  copy,
  defineConfig,
  renderBakeFile,
  run,
  settingsFor,
  sshMount,
  stage,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

const base = stage('base', { from: 'python:3.12' }, [run('true')]);
const dev = stage('dev', { from: base }, [run('pip install pytest')]);
const prod = stage('prod', { from: base }, [copy('app.py', '/app/')]);

function bake(config: Config, options = {}) {
  const text = renderBakeFile(bakeFile(config, compile(config, { checkSecrets: false }).build, options));
  return { text, json: JSON.parse(text) as BakeFile };
}

describe('docker-bake.json', () => {
  it('has a default group with every target and one target each, in config order', () => {
    const { json } = bake(defineConfig({ targets: [dev, prod], defaultTarget: prod }));
    expect(json['//']).toMatch(new RegExp(`^${BAKE_MARKER} from docker.config.ts`));
    expect(json.group).toEqual({ default: { targets: ['dev', 'prod'] } });
    expect(json.target).toEqual({
      dev: { context: '.', dockerfile: 'Dockerfile', target: 'dev' },
      prod: { context: '.', dockerfile: 'Dockerfile', target: 'prod' },
    });
  });

  it('carries tags, platforms, args, labels, cache, outputs and secrets from images, with buildx names', () => {
    const { json } = bake(
      defineConfig({
        targets: [dev, prod],
        images: {
          prod: {
            tags: ['registry.example.com/app:1.0', 'registry.example.com/app:latest'],
            platforms: ['linux/amd64', 'linux/arm64'],
            args: { VERSION: '1.0' },
            labels: { 'org.opencontainers.image.source': 'https://example.com/app' },
            cacheFrom: [{ type: 'registry', ref: 'registry.example.com/app:cache' }],
            cacheTo: [{ type: 'registry', ref: 'registry.example.com/app:cache', mode: 'max' }, 'type=inline'],
            output: ['type=registry'],
            secrets: ['id=pip_conf,src=pip.conf'],
          },
        },
      }),
      { context: 'app', dockerfile: 'build/Dockerfile' },
    );
    expect(json.target['prod']).toEqual({
      context: 'app',
      dockerfile: 'build/Dockerfile',
      target: 'prod',
      tags: ['registry.example.com/app:1.0', 'registry.example.com/app:latest'],
      platforms: ['linux/amd64', 'linux/arm64'],
      args: { VERSION: '1.0' },
      labels: { 'org.opencontainers.image.source': 'https://example.com/app' },
      'cache-from': ['type=registry,ref=registry.example.com/app:cache'],
      'cache-to': ['type=registry,ref=registry.example.com/app:cache,mode=max', 'type=inline'],
      output: ['type=registry'],
      secret: ['id=pip_conf,src=pip.conf'],
    });
    expect(json.target['dev']).toEqual({ context: 'app', dockerfile: 'build/Dockerfile', target: 'dev' });
  });

  it("merges the '*' defaults under each target's own settings, with {target} filled in", () => {
    const images = {
      '*': {
        args: { A: '1', B: '1' },
        tags: ['app:{target}'],
        cacheFrom: [{ type: 'registry' as const, ref: 'r/app:cache-{target}' }],
      },
      prod: { args: { B: '2' }, tags: ['app:latest'] },
    };
    expect(settingsFor(images, 'prod')).toEqual({
      args: { A: '1', B: '2' },
      tags: ['app:latest'],
      cacheFrom: [{ type: 'registry', ref: 'r/app:cache-prod' }],
    });
    expect(settingsFor(images, 'dev')).toEqual({
      args: { A: '1', B: '1' },
      tags: ['app:dev'],
      cacheFrom: [{ type: 'registry', ref: 'r/app:cache-dev' }],
    });
  });

  it('escapes ${ and %{ so HCL, which buildx reads JSON strings with, keeps them literal', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${ is what is being escaped.
    const args = { GREETING: '${HOME} %{x}' };
    const { text, json } = bake(defineConfig({ targets: [prod], images: { prod: { args } } }));
    expect(json.target['prod']?.args).toEqual({ GREETING: '$${HOME} %%{x}' });
    expect(text).toContain('"GREETING": "$${HOME} %%{x}"');
  });

  it('lists the SSH ids the stages a target reaches mount', () => {
    const fetcher = stage('fetcher', { from: 'golang:1.22-bookworm' }, [
      run('go mod download', { mounts: [sshMount()] }),
      run('git clone x', { mounts: [sshMount({ id: 'gitlab' })] }),
    ]);
    const app = stage('app', { from: 'scratch' }, [copy('/go', '/go', { from: fetcher })]);
    const other = stage('other', { from: 'busybox:1.36' }, [run('true')]);
    const { json } = bake(defineConfig({ targets: [app, other] }));
    expect(json.target['app']?.ssh).toEqual(['default', 'gitlab']);
    expect(json.target['other']?.ssh).toBeUndefined();
  });

  it('turns dots in stage names into underscores, which bake target names allow', () => {
    const v2 = stage('app.v2', { from: 'busybox:1.36' }, [run('true')]);
    const { json } = bake(defineConfig({ targets: [v2] }));
    expect(json.group.default.targets).toEqual(['app_v2']);
    expect(json.target['app_v2']?.target).toBe('app.v2');
  });

  it('is byte-identical on every run', () => {
    const config = defineConfig({ targets: [dev, prod], images: { prod: { tags: ['a:1'] } } });
    expect(bake(config).text).toBe(bake(config).text);
  });
});

describe('errors', () => {
  it('an images key that names no target', () => {
    expect(() => bake(defineConfig({ targets: [prod], images: { prdo: { tags: ['x'] } } }))).toThrow(
      /images\["prdo"\] names no target/,
    );
  });

  it('an images key that names no target fails every compile, not only dsl bake', () => {
    expect(() => compile(defineConfig({ targets: [prod], images: { '*': {}, prdo: { tags: ['x'] } } }))).toThrow(
      /images\["prdo"\] names no target/,
    );
    expect(() => compile(defineConfig({ targets: [prod], images: { '*': {}, prod: {} } }))).not.toThrow();
  });

  it('two stages that become the same bake target name, or a target named default', () => {
    const a = stage('a.b', { from: 'busybox:1.36' }, [run('true')]);
    const b = stage('a_b', { from: 'busybox:1.36' }, [run('true')]);
    expect(() => bake(defineConfig({ targets: [a, b] }))).toThrow(/would both be bake target "a_b"/);
    const named = stage('default', { from: 'busybox:1.36' }, [run('true')]);
    expect(() => bake(defineConfig({ targets: [named] }))).toThrow(/clash with the bake group/);
  });

  it('invalid images settings are config errors with their path', () => {
    const bad = (images: unknown) => () => compile({ targets: [prod], images } as Config);
    expect(bad({ prod: { tags: ['has space'] } })).toThrow(/images\.prod\.tags\[0\]/);
    expect(bad({ prod: { platforms: ['amd64'] } })).toThrow(/platform like linux\/arm64/);
    expect(bad({ prod: { cacheTo: [{ type: 'registry', ref: 'a,b' }] } })).toThrow(/no commas/);
    expect(bad({ prod: { cacheTo: [{ type: 'ftp' }] } })).toThrow(/images\.prod\.cacheTo\[0\]/);
    expect(bad({ prod: { tag: ['x'] } })).toThrow(/images\.prod/);
  });
});

it('cacheCsv writes type first, then the attributes in order', () => {
  expect(cacheCsv({ type: 'local', dest: '/tmp/cache', mode: 'max', compression: 'zstd' })).toBe(
    'type=local,dest=/tmp/cache,mode=max,compression=zstd',
  );
  expect(cacheCsv('user/app:cache')).toBe('user/app:cache');
});
