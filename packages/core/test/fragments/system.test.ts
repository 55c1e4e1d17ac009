import { apkAdd, aptInstall, fragmentSteps, renderFragment } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;

describe('aptInstall', () => {
  it('renders the cache-mount install with the docker-clean fix', async () => {
    await expect(renderFragment(aptInstall(['curl', 'ca-certificates']))).toMatchFileSnapshot(golden('aptInstall'));
  });

  it('renders update, install and list cleanup in one RUN without cache mounts', async () => {
    await expect(renderFragment(aptInstall(['curl'], { cacheMounts: false }))).toMatchFileSnapshot(
      golden('aptInstall.noCacheMounts'),
    );
  });

  it('sorts and deduplicates packages and accepts the object form', () => {
    expect(renderFragment(aptInstall({ packages: ['git', 'curl', 'git'] }))).toBe(
      renderFragment(aptInstall(['curl', 'git'])),
    );
  });

  it('is a system-phase RUN that declares how it can be merged', () => {
    expect(phases(aptInstall(['curl']))).toEqual([['run', 'system']]);
    expect(fragmentSteps(aptInstall(['git', 'curl']))[0]?.merge).toEqual({
      strategy: 'apt',
      packages: ['curl', 'git'],
      cacheMounts: true,
    });
  });

  it('is merged with an adjacent aptInstall by the compiler', () => {
    const text = renderFragment([aptInstall(['curl']), aptInstall(['git'])]);
    expect(text.match(/apt-get update/g)).toHaveLength(1);
    expect(text).toContain('--no-install-recommends curl git');
  });

  it('rejects a package name with shell syntax', () => {
    expectOptionError(() => aptInstall(['curl', 'git; rm -rf /']), {
      fragment: 'aptInstall',
      path: 'packages[1]',
      message: /"git; rm -rf \/" is not a Debian package name/,
      testFile: here,
    });
  });

  it('rejects an empty package list and unknown options', () => {
    expectOptionError(() => aptInstall([]), { fragment: 'aptInstall', path: 'packages', testFile: here });
    expectOptionError(() => aptInstall(['curl'], { cacheMount: false } as never), {
      fragment: 'aptInstall',
      path: 'cacheMount',
      message: /unknown option "cacheMount" \(did you mean "cacheMounts"\?\); options: packages, cacheMounts$/,
      testFile: here,
    });
  });
});

describe('apkAdd', () => {
  it('renders the cache-mount install', async () => {
    await expect(renderFragment(apkAdd(['curl', 'tini']), { from: 'alpine:3.20' })).toMatchFileSnapshot(
      golden('apkAdd'),
    );
  });

  it('renders --no-cache without cache mounts and quotes version constraints', async () => {
    await expect(
      renderFragment(apkAdd(['curl>8.5', 'tini=0.19.0-r3'], { cacheMounts: false }), { from: 'alpine:3.20' }),
    ).toMatchFileSnapshot(golden('apkAdd.noCacheMounts'));
  });

  it('is a system-phase RUN with an apk merge spec', () => {
    expect(phases(apkAdd(['curl']))).toEqual([['run', 'system']]);
    expect(fragmentSteps(apkAdd(['curl']))[0]?.merge).toEqual({
      strategy: 'apk',
      packages: ['curl'],
      cacheMounts: true,
    });
  });

  it('rejects a package with a newline', () => {
    expectOptionError(() => apkAdd(['curl\nRUN evil']), { fragment: 'apkAdd', path: 'packages[0]', testFile: here });
  });
});
