import { cacheMount, fragmentSteps, renderFragment, secretRun, sshRun } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;

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
        { from: 'node:20-bookworm-slim' },
      ),
    ).toMatchFileSnapshot(golden('secretRun.options'));
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
