import {
  copyApp,
  copyArtifacts,
  fetchFile,
  fragmentSteps,
  goBuild,
  nonRootUser,
  renderFragment,
  stage,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;
const TINI_SHA = '93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c';

describe('copyApp', () => {
  it('copies the whole context by default', async () => {
    await expect(renderFragment(copyApp())).toMatchFileSnapshot(golden('copyApp'));
  });

  it('copies several paths into a directory with --chown', async () => {
    await expect(
      renderFragment(copyApp(['src', 'pyproject.toml'], { dest: '/app', chown: 'app:app', chmod: '0644' })),
    ).toMatchFileSnapshot(golden('copyApp.paths'));
  });

  it('is a source-phase COPY that reads the context', () => {
    expect(phases(copyApp())).toEqual([['copy', 'source']]);
    expect(fragmentSteps(copyApp())[0]?.reads).toEqual(['.']);
  });

  it('needs the account files only when --chown names a user', () => {
    expect(fragmentSteps(copyApp({ chown: 'app' }))[0]?.needs).toEqual(['/etc/passwd', '/etc/group']);
    expect(fragmentSteps(copyApp({ chown: '10001:10001' }))[0]?.needs).toBeUndefined();
  });

  it('rejects a source starting with - and a bad chown', () => {
    expectOptionError(() => copyApp(['--from=secrets']), { fragment: 'copyApp', path: 'paths[0]', testFile: here });
    expectOptionError(() => copyApp({ chown: 'app group' }), { fragment: 'copyApp', path: 'chown', testFile: here });
  });
});

describe('copyArtifacts', () => {
  const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [goBuild()]);

  it('copies from a stage value, emitting that stage first', async () => {
    await expect(
      renderFragment(copyArtifacts(builder, ['/out/app'], '/usr/local/bin/'), {
        from: 'gcr.io/distroless/static-debian12',
      }),
    ).toMatchFileSnapshot(golden('copyArtifacts'));
  });

  it('takes the object form, one path, an image and --chown', () => {
    expect(
      renderFragment(
        copyArtifacts({ from: 'ghcr.io/astral-sh/uv:0.5.11', paths: '/uv', dest: '/bin/uv', chown: '0:0' }),
      ),
    ).toBe('FROM debian:bookworm-slim AS test\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 --chown=0:0 /uv /bin/uv\n');
    expect(renderFragment(copyArtifacts(builder, ['/out/a', '/out/b'], '/app'))).toContain(
      'COPY --from=builder /out/a /out/b /app/',
    );
  });

  it('is a build-phase COPY that writes its destination', () => {
    const [step] = fragmentSteps(copyArtifacts(builder, '/out/app', '/usr/local/bin/app'));
    expect(phases(copyArtifacts(builder, '/out/app', '/app'))).toEqual([['copy', 'build']]);
    expect(step?.writes).toEqual(['/usr/local/bin/app']);
    expect(step?.reads).toBeUndefined();
  });

  it('rejects a relative source path and a missing stage', () => {
    expectOptionError(() => copyArtifacts(builder, ['out/app'], '/app'), {
      fragment: 'copyArtifacts',
      path: 'paths[0]',
      testFile: here,
    });
    // An undefined stage is most often a const stage used above its declaration (the bundled config
    // throws no ReferenceError there): the error says so instead of zod's "Invalid input".
    const undeclared = expectOptionError(() => copyArtifacts(undefined as never, ['/out/app'], '/app'), {
      fragment: 'copyArtifacts',
      path: 'from',
      message: /at from: expected a stage value or an image name, got undefined$/,
      testFile: here,
    });
    expect(undeclared.hint).toMatch(/declare each stage before the steps and stages that use it/);
    expect(() => stage('prod', { from: undefined as never })).toThrow(/at from: .*got undefined/);
  });
});

describe('nonRootUser', () => {
  it('creates app:app with uid/gid 10001 and switches to it numerically', async () => {
    await expect(renderFragment(nonRootUser())).toMatchFileSnapshot(golden('nonRootUser'));
  });

  it('uses BusyBox tools on Alpine, without a home', async () => {
    await expect(
      renderFragment(nonRootUser({ os: 'alpine', name: 'web', uid: 1000, gid: 1001, home: false }), {
        from: 'alpine:3.20',
      }),
    ).toMatchFileSnapshot(golden('nonRootUser.alpine'));
  });

  it('creates the account in the system phase and puts USER in metadata', () => {
    expect(phases(nonRootUser())).toEqual([
      ['run', 'system'],
      ['user', 'metadata'],
    ]);
    expect(fragmentSteps(nonRootUser())[0]?.writes).toEqual(['/etc/passwd', '/etc/group', '/home/app']);
    expect(phases(nonRootUser({ switchUser: false }))).toEqual([['run', 'system']]);
  });

  it('rejects uid 0 and a name with a space', () => {
    expectOptionError(() => nonRootUser({ uid: 0 }), {
      fragment: 'nonRootUser',
      path: 'uid',
      message: /0 is root/,
      testFile: here,
    });
    expectOptionError(() => nonRootUser({ name: 'my user' }), {
      fragment: 'nonRootUser',
      path: 'name',
      testFile: here,
    });
  });
});

describe('fetchFile', () => {
  const tini = {
    url: 'https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64',
    sha256: TINI_SHA,
    dest: '/usr/local/bin/tini',
    mode: '0755',
  };

  it('downloads with curl, verifies the checksum and sets the mode in one RUN', async () => {
    await expect(renderFragment(fetchFile(tini))).toMatchFileSnapshot(golden('fetchFile'));
  });

  it('uses wget when asked', () => {
    expect(renderFragment(fetchFile({ ...tini, tool: 'wget', mode: undefined }))).toBe(
      'FROM debian:bookworm-slim AS test\n' +
        'RUN mkdir -p /usr/local/bin \\\n' +
        '    && wget -q -O /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64 \\\n' +
        `    && echo '${TINI_SHA}  /usr/local/bin/tini' | sha256sum -c -\n`,
    );
  });

  it('is a toolchain-phase RUN that writes the file', () => {
    expect(phases(fetchFile(tini))).toEqual([['run', 'toolchain']]);
    expect(fragmentSteps(fetchFile(tini))[0]?.writes).toEqual(['/usr/local/bin/tini']);
    expect(phases(fetchFile({ ...tini, phase: 'build' }))).toEqual([['run', 'build']]);
  });

  it('rejects plain http and a short checksum', () => {
    expectOptionError(() => fetchFile({ ...tini, url: 'http://example.com/tool' }), {
      fragment: 'fetchFile',
      path: 'url',
      testFile: here,
    });
    expectOptionError(() => fetchFile({ ...tini, sha256: 'abc' }), {
      fragment: 'fetchFile',
      path: 'sha256',
      testFile: here,
    });
  });
});
