/**
 * The generated .dockerignore: which paths the allow-list keeps, checked against an independent
 * implementation of Docker's matching (@balena/dockerignore, the matcher docker-modem builds
 * contexts with) plus the context walker's rule for excluded directories.
 */
import balena from '@balena/dockerignore';
import {
  add,
  bindMount,
  type Config,
  compile,
  copy,
  copyApp,
  defineConfig,
  GENERATED_HEADER,
  onbuild,
  pipInstall,
  planDockerignore,
  renderDockerignore,
  run,
  stage,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

/** The package is CommonJS (`module.exports = factory`, with `factory.default = factory`). */
const dockerignore = balena.default;

const buildOf = (config: Config) => compile(config, { checkSecrets: false }).build;

function patterns(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/**
 * The files of `tree` that a context built with this .dockerignore holds: the matcher decides per
 * file, and (as in fsutil and the legacy builder's tar walk) an excluded directory is only entered
 * when some `!` pattern starts with its path.
 */
function contextFiles(text: string, tree: readonly string[]): string[] {
  const lines = patterns(text);
  const matcher = dockerignore().add(lines);
  const exceptions = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1));
  const walkable = (file: string): boolean => {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      if (matcher.ignores(dir) && !exceptions.some((pattern) => `${pattern}/`.startsWith(`${dir}/`))) return false;
    }
    return true;
  };
  return tree.filter((file) => walkable(file) && !matcher.ignores(file));
}

const TREE = [
  '.git/HEAD',
  '.env',
  'Dockerfile',
  'README.md',
  'app.py',
  'requirements.txt',
  'requirements/base.txt',
  'requirements/prod.txt',
  'src/pkg/__init__.py',
  'src/pkg/__pycache__/mod.cpython-312.pyc',
  'src/pkg/mod.py',
  'config/a.yaml',
  'config/b.json',
  'config/nested/c.yaml',
  'scripts/build.sh',
  'scripts/deploy.sh',
  'node_modules/x/index.js',
  'vendor/lib/one/main.go',
  'vendor/lib/two/main.go',
];

describe('the allow-list', () => {
  const app = stage('app', { from: 'python:3.12' }, [
    pipInstall({ requirements: 'requirements/prod.txt' }),
    copy('app.py', '/app/'),
    copy('./src/', '/app/src'),
    copy('config/*.yaml', '/etc/app/'),
    add(['https://example.com/tool.tgz', 'scripts/build.sh'], '/tools/'),
    run('sh /ci/deploy.sh', { mounts: [bindMount('/ci', { source: 'scripts/deploy.sh' })] }),
  ]);
  const config = defineConfig({ targets: [app] });

  it('keeps exactly what COPY, ADD and bind mounts read', () => {
    const text = renderDockerignore(buildOf(config), true);
    expect(patterns(text)).toEqual([
      '*',
      '!app.py',
      '!config/*.yaml',
      '!requirements/prod.txt',
      '!scripts/build.sh',
      '!scripts/deploy.sh',
      '!src',
    ]);
    expect(contextFiles(text, TREE)).toEqual([
      'app.py',
      'requirements/prod.txt',
      'src/pkg/__init__.py',
      'src/pkg/__pycache__/mod.cpython-312.pyc',
      'src/pkg/mod.py',
      'config/a.yaml',
      'scripts/build.sh',
      'scripts/deploy.sh',
    ]);
  });

  it('starts with the generated header and is byte-identical on every run', () => {
    const text = renderDockerignore(buildOf(config), true, { sourceName: 'docker.config.ts' });
    expect(text.startsWith(`${GENERATED_HEADER} from docker.config.ts.`)).toBe(true);
    expect(renderDockerignore(buildOf(config), true, { sourceName: 'docker.config.ts' })).toBe(text);
  });

  it('does not depend on the order the steps read in', () => {
    const reversed = stage('app', { from: 'python:3.12' }, [
      copy('config/*.yaml', '/etc/app/'),
      copy('./src/', '/app/src'),
      copy('app.py', '/app/'),
      pipInstall({ requirements: 'requirements/prod.txt' }),
      add(['scripts/build.sh', 'https://example.com/tool.tgz'], '/tools/'),
      run('sh /ci/deploy.sh', { mounts: [bindMount('/ci', { source: 'scripts/deploy.sh' })] }),
    ]);
    expect(renderDockerignore(buildOf(defineConfig({ targets: [reversed] })), true)).toBe(
      renderDockerignore(buildOf(config), true),
    );
  });

  it('adds extra paths and excludes the exclude patterns last, so they win', () => {
    const text = renderDockerignore(buildOf(config), { extra: ['README.md'], exclude: ['**/__pycache__'] });
    expect(patterns(text).slice(-2)).toEqual(['!src', '**/__pycache__']);
    expect(contextFiles(text, TREE)).toEqual([
      'README.md',
      'app.py',
      'requirements/prod.txt',
      'src/pkg/__init__.py',
      'src/pkg/mod.py',
      'config/a.yaml',
      'scripts/build.sh',
      'scripts/deploy.sh',
    ]);
  });

  it('covers every target and extra stages, not just one', () => {
    const a = stage('a', { from: 'busybox:1.36' }, [copy('app.py', '/')]);
    const b = stage('b', { from: 'busybox:1.36' }, [copy('README.md', '/')]);
    const text = renderDockerignore(buildOf(defineConfig({ targets: [a, b] })), true);
    expect(patterns(text)).toEqual(['*', '!README.md', '!app.py']);
  });

  it('normalises paths as the builder resolves them: ./, leading /, trailing /, .. clamped at the root', () => {
    const s = stage('s', { from: 'busybox:1.36' }, [
      copy('./a/./b/', '/x/'),
      copy('/c/d.txt', '/x/'),
      copy('../e.txt', '/x/'),
      copy('f//g', '/x/'),
    ]);
    expect(patterns(renderDockerignore(buildOf(defineConfig({ targets: [s] })), true))).toEqual([
      '*',
      '!a/b',
      '!c/d.txt',
      '!e.txt',
      '!f/g',
    ]);
  });

  it('drops paths inside an allowed directory and duplicates', () => {
    const s = stage('s', { from: 'busybox:1.36' }, [
      copy('src/pkg/mod.py', '/x/'),
      copy('src', '/src'),
      copy('src/*.py', '/y/'),
      copy('src', '/src2'),
      copy('srcs.txt', '/z'),
    ]);
    expect(patterns(renderDockerignore(buildOf(defineConfig({ targets: [s] })), true))).toEqual([
      '*',
      '!src',
      '!srcs.txt',
    ]);
  });

  it('re-includes the literal directory before a wildcard directory component', () => {
    const s = stage('s', { from: 'busybox:1.36' }, [copy('vendor/lib/*/main.go', '/x/')]);
    const text = renderDockerignore(buildOf(defineConfig({ targets: [s] })), true);
    expect(patterns(text)).toEqual(['*', '!vendor/lib']);
    expect(contextFiles(text, TREE)).toEqual(['vendor/lib/one/main.go', 'vendor/lib/two/main.go']);
  });

  it('keeps a wildcard in the last component, inside an excluded directory', () => {
    const s = stage('s', { from: 'busybox:1.36' }, [copy('requirements/*.txt', '/x/')]);
    const text = renderDockerignore(buildOf(defineConfig({ targets: [s] })), true);
    expect(contextFiles(text, TREE)).toEqual(['requirements/base.txt', 'requirements/prod.txt']);
  });

  it('ignores what is not read from this context: COPY --from, ADD URLs, mounts from stages, ONBUILD', () => {
    const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [run('go version')]);
    const s = stage('s', { from: 'busybox:1.36' }, [
      copy('/out/app', '/app', { from: builder }),
      copy('/etc/passwd', '/x', { from: 'debian:bookworm-slim' }),
      add('https://example.com/a.tgz', '/a.tgz'),
      run('ls /m', { mounts: [bindMount('/m', { from: builder, source: '/out' })] }),
      onbuild(copy('later.txt', '/later.txt')),
    ]);
    expect(patterns(renderDockerignore(buildOf(defineConfig({ targets: [s] })), true))).toEqual(['*']);
  });

  it('honours reads a step declares itself', () => {
    const s = stage('s', { from: 'busybox:1.36' }, [run('true', { reads: ['Makefile'] })]);
    expect(patterns(renderDockerignore(buildOf(defineConfig({ targets: [s] })), true))).toEqual(['*', '!Makefile']);
  });
});

describe('a build that reads the whole context', () => {
  const app = stage('app', { from: 'python:3.12' }, [copyApp()]);
  const config = defineConfig({ targets: [app] });

  it('has no * line, and leaves out .git and the files dsl generates', () => {
    const plan = planDockerignore(buildOf(config), true, { generated: ['Dockerfile', '.dockerignore'] });
    expect(plan).toMatchObject({ wholeContext: true, allowed: [], excluded: ['.git', 'Dockerfile', '.dockerignore'] });
    const text = renderDockerignore(buildOf(config), { exclude: ['node_modules'] }, { generated: ['Dockerfile'] });
    expect(text).toContain('# COPY in stage "app" reads the whole context');
    expect(contextFiles(text, TREE)).toEqual(
      TREE.filter((file) => !/^(\.git|Dockerfile|node_modules)\//.test(`${file}/`)),
    );
  });

  it('keeps a default-excluded path a step copies by name', () => {
    const named = stage('app', { from: 'python:3.12' }, [copyApp(), copy('Dockerfile', '/usr/share/doc/app/')]);
    const plan = planDockerignore(buildOf(defineConfig({ targets: [named] })), true, { generated: ['Dockerfile'] });
    expect(plan.excluded).toEqual(['.git']);
  });

  it('keeps a default-excluded path listed in extra', () => {
    const plan = planDockerignore(buildOf(config), { extra: ['.git'] }, { generated: ['Dockerfile'] });
    expect(plan.excluded).toEqual(['Dockerfile']);
  });

  it('is what a bind mount of the context (no source) reads too', () => {
    const s = stage('s', { from: 'busybox:1.36' }, [run('ls /ctx', { mounts: [bindMount('/ctx')] })]);
    expect(planDockerignore(buildOf(defineConfig({ targets: [s] })), true).wholeContext).toBe(true);
  });

  it('is what a wildcard in the first of several components reads', () => {
    const s = stage('s', { from: 'busybox:1.36' }, [copy('*/main.go', '/x/')]);
    expect(planDockerignore(buildOf(defineConfig({ targets: [s] })), true).wholeContext).toBe(true);
  });
});

it('refuses a path a .dockerignore line cannot hold', () => {
  const s = stage('s', { from: 'busybox:1.36' }, [copy(' padded.txt', '/x')]);
  expect(() => renderDockerignore(buildOf(defineConfig({ targets: [s] })), true)).toThrow(
    /cannot be written to a \.dockerignore/,
  );
});

it('validates the dockerignore option with the config', () => {
  const s = stage('s', { from: 'busybox:1.36' }, [copy('a', '/a')]);
  expect(() => compile({ targets: [s], dockerignore: { exlude: ['x'] } } as unknown as Config)).toThrow(/dockerignore/);
  expect(() => compile({ targets: [s], dockerignore: { exclude: ['a\nb'] } })).toThrow(/newline/);
});
