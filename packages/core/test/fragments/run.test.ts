import {
  cacheMount,
  compile,
  fragmentSteps,
  nonRootUser,
  renderFragment,
  run,
  type Stage,
  secretRun,
  sshRun,
  stage,
  user,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;

/** The RUN lines with mounts of the Dockerfile that targets `target`. */
function mountedRuns(target: Stage): string[] {
  return compile({ targets: [target] })
    .dockerfile.split('\n')
    .filter((line) => line.startsWith('RUN --mount'));
}

describe('secretRun', () => {
  it('mounts the secret for one RUN, required by default', async () => {
    await expect(
      renderFragment(secretRun('pip install -r requirements.txt', { secrets: ['pip_conf'] }), {
        from: 'python:3.12-slim',
      }),
    ).toMatchFileSnapshot(golden('secretRun'));
  });

  it('renders targets, env secrets, optional secrets, extra mounts and several commands', async () => {
    await expect(
      renderFragment(
        secretRun(['npm ci --no-audit', 'npm run build'], {
          secrets: [
            { id: 'npmrc', target: '/root/.npmrc' },
            { id: 'sentry_token', env: 'SENTRY_AUTH_TOKEN', required: false },
          ],
          mounts: [cacheMount('/root/.npm')],
          phase: 'build',
        }),
        { from: 'node:20-bookworm-slim', syntax: '1.10' },
      ),
    ).toMatchFileSnapshot(golden('secretRun.options'));
  });

  // Found by a review: the engine's built-in frontend fails on it ("unexpected key 'env'").
  it('refuses a secret as an environment variable below Dockerfile syntax 1.10, and says how to get it', () => {
    const envSecret = secretRun('echo ok', { secrets: [{ id: 'tok', env: 'TOK' }] });
    expect(() => renderFragment(envSecret, { from: 'python:3.12' })).toThrow(
      /RUN --mount=type=secret,env needs Dockerfile syntax 1\.10/,
    );
    expect(renderFragment(envSecret, { from: 'python:3.12', syntax: '1.10' })).toContain(
      'RUN --mount=type=secret,id=tok,env=TOK,required=true echo ok',
    );
  });

  // Found by a review: BuildKit mounts secrets owned by root, mode 0400, so a RUN after
  // `USER 10001:10001` got "Permission denied".
  it('owns the secret by the numeric USER in effect, also one a parent stage set; an explicit owner wins', () => {
    const base = stage('base', { from: 'python:3.12' }, [nonRootUser()]);
    const app = stage('app', { from: base }, [
      secretRun('cat /run/secrets/tok', { secrets: ['tok'] }),
      secretRun('cat /run/secrets/key', { secrets: [{ id: 'key', uid: 0, mode: '0440' }] }),
      sshRun('git ls-remote git@github.com:o/r', { knownHosts: ['github.com'] }),
      user('app'),
      secretRun('cat /run/secrets/tok', { secrets: ['tok'] }),
    ]);
    expect(mountedRuns(app)).toEqual([
      'RUN --mount=type=secret,id=tok,required=true,uid=10001,gid=10001 cat /run/secrets/tok',
      'RUN --mount=type=secret,id=key,required=true,mode=0440,uid=0 cat /run/secrets/key',
      expect.stringMatching(/^RUN --mount=type=ssh,required=true,uid=10001,gid=10001 mkdir -p -m 0700 ~\/\.ssh/),
      // A named USER's ids are unknown: left to the mount's own options.
      'RUN --mount=type=secret,id=tok,required=true cat /run/secrets/tok',
    ]);
  });

  // Found by a review: BuildKit creates a new cache directory owned by root, 0755, so `npm ci` after
  // `USER 10001:10001` failed with "EACCES: mkdir '/home/app/.npm/_cacache'".
  it('owns a cache mount by the numeric USER in effect; an explicit owner wins, a named USER is left alone', () => {
    const base = stage('base', { from: 'node:20-slim' }, [nonRootUser()]);
    const app = stage('app', { from: base }, [
      run('npm ci', { mounts: [cacheMount('/home/app/.npm')], phase: 'deps' }),
      run('npm run build', { mounts: [cacheMount('/cache', { uid: 0 })], phase: 'build' }),
      user('node'),
      run('npm test', { mounts: [cacheMount('/home/node/.npm')], phase: 'build' }),
    ]);
    expect(mountedRuns(app)).toEqual([
      'RUN --mount=type=cache,target=/home/app/.npm,uid=10001,gid=10001 npm ci',
      'RUN --mount=type=cache,target=/cache,uid=0 npm run build',
      'RUN --mount=type=cache,target=/home/node/.npm npm test',
    ]);
  });

  it('is a deps-phase RUN by default, and never an ENV or ARG', () => {
    expect(phases(secretRun('true', { secrets: ['a'] }))).toEqual([['run', 'deps']]);
    const [step] = fragmentSteps(secretRun('true', { secrets: ['a'], phase: 'system' }));
    expect(step?.phase).toBe('system');
    expect(step?.kind === 'run' && step.mounts).toEqual([{ type: 'secret', id: 'a', required: true }]);
  });

  it('rejects a missing secret list and a bad secret id', () => {
    expectOptionError(() => secretRun('npm ci', { secrets: [] }), {
      fragment: 'secretRun',
      path: 'secrets',
      message: /use run\(\)/,
      testFile: here,
    });
    expectOptionError(() => secretRun('npm ci', { secrets: ['ok', { id: 'a,b' }] }), {
      fragment: 'secretRun',
      path: 'secrets[1].id',
      testFile: here,
    });
    expectOptionError(() => secretRun('echo \\', { secrets: ['a'] }), {
      fragment: 'secretRun',
      path: 'command',
      testFile: here,
    });
  });
});

describe('sshRun', () => {
  it('adds known hosts and runs with the SSH agent mounted', async () => {
    await expect(
      renderFragment(sshRun('go mod download', { knownHosts: ['github.com'] }), {
        from: 'golang:1.22-bookworm',
      }),
    ).toMatchFileSnapshot(golden('sshRun'));
  });

  it('scans several hosts', () => {
    expect(
      renderFragment(sshRun(['go mod download', 'go build ./...'], { knownHosts: ['github.com', 'gitlab.com'] })),
    ).toContain(
      'ssh-keyscan github.com gitlab.com >> ~/.ssh/known_hosts \\\n    && go mod download \\\n    && go build ./...',
    );
  });

  it('takes an agent id', () => {
    expect(renderFragment(sshRun('git clone git@github.com:acme/private.git', { id: 'deploy' }))).toBe(
      'FROM debian:bookworm-slim AS test\nRUN --mount=type=ssh,id=deploy,required=true git clone git@github.com:acme/private.git\n',
    );
  });

  it('is a deps-phase RUN by default', () => {
    expect(phases(sshRun('true'))).toEqual([['run', 'deps']]);
  });

  it('rejects a host with shell syntax', () => {
    expectOptionError(() => sshRun('true', { knownHosts: ['github.com;id'] }), {
      fragment: 'sshRun',
      path: 'knownHosts[0]',
      testFile: here,
    });
  });
});
