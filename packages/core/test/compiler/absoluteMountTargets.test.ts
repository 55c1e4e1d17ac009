import { describe, expect, it } from 'vitest';
import { cacheMount, compile, expand, run, stage, workdir } from '../../src/index.js';

describe('absoluteMountTargets', () => {
  it('writes a relative mount target under the WORKDIR in effect, also one inherited from a parent stage', () => {
    const base = stage('base', { from: 'rust:1-bookworm' }, [workdir('/src')]);
    const build = stage('build', { from: base }, [
      run('cargo build', { mounts: [cacheMount('target'), cacheMount('/usr/local/cargo/registry')] }),
      workdir('sub'),
      run('make', { mounts: [cacheMount('cache/dir')] }),
    ]);
    const { dockerfile } = compile({ targets: [build] });
    expect(dockerfile).toContain(
      'RUN --mount=type=cache,target=/src/target --mount=type=cache,target=/usr/local/cargo/registry cargo build',
    );
    expect(dockerfile).toContain('RUN --mount=type=cache,target=/src/sub/cache/dir make');
  });

  it('leaves the target as written where the WORKDIR is unknown (the base image) or uses variables', () => {
    const fromImage = stage('a', { from: 'rust:1-bookworm' }, [run('cargo build', { mounts: [cacheMount('target')] })]);
    expect(compile({ targets: [fromImage] }).dockerfile).toContain('--mount=type=cache,target=target cargo build');
    const variable = stage('b', { from: 'rust:1-bookworm' }, [
      workdir(expand('$HOME/app')),
      run('cargo build', { mounts: [cacheMount('target')] }),
    ]);
    expect(compile({ targets: [variable] }).dockerfile).toContain('--mount=type=cache,target=target cargo build');
  });

  it('writes a normal path, however the WORKDIRs before it were written', () => {
    const base = stage('base', { from: 'rust:1-bookworm' }, [workdir('/srv//app/')]);
    const build = stage('build', { from: base }, [
      workdir('./sub/../build'),
      run('cargo build', { mounts: [cacheMount('./target')] }),
      workdir('/opt/./tools/..'),
      run('make', { mounts: [cacheMount('cache')] }),
    ]);
    const { dockerfile } = compile({ targets: [build] });
    expect(dockerfile).toContain('RUN --mount=type=cache,target=/srv/app/build/target cargo build');
    expect(dockerfile).toContain('RUN --mount=type=cache,target=/opt/cache make');
  });
});
