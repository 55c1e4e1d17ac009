import {
  copyApp,
  fragmentSteps,
  nodePruneDevDeps,
  npmCi,
  pnpmInstall,
  renderFragment,
  run,
  yarnInstall,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;
const node = { from: 'node:20-bookworm-slim' };

describe('npmCi', () => {
  it('copies package.json and the lockfile, then npm ci with the npm cache mounted', async () => {
    await expect(renderFragment(npmCi({ omitDev: true }), node)).toMatchFileSnapshot(golden('npmCi'));
  });

  it('cleans the cache in the same RUN without the mount, with extra manifests', async () => {
    await expect(
      renderFragment(
        npmCi({ cacheMount: false, ignoreScripts: true, manifests: ['package.json', 'package-lock.json', '.npmrc'] }),
        node,
      ),
    ).toMatchFileSnapshot(golden('npmCi.noCacheMount'));
  });

  it('puts the manifest COPY and the install in the deps phase', () => {
    expect(phases(npmCi())).toEqual([
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
  });

  it('rejects an absolute manifest path', () => {
    expectOptionError(() => npmCi({ manifests: ['/etc/passwd'] }), {
      fragment: 'npmCi',
      path: 'manifests[0]',
      testFile: here,
    });
  });
});

describe('pnpmInstall', () => {
  it('fetches from the lockfile, then installs offline after the source', async () => {
    await expect(renderFragment(pnpmInstall(), node)).toMatchFileSnapshot(golden('pnpmInstall'));
  });

  it('is reordered around copyApp: the offline install lands after the source COPY', async () => {
    await expect(
      renderFragment([pnpmInstall(), copyApp(), run('pnpm run build', { phase: 'build' })], node),
    ).toMatchFileSnapshot(golden('pnpmInstall.withSource'));
  });

  it('keeps the store in the image and installs strictly --offline without the cache mount', () => {
    const text = renderFragment(pnpmInstall({ cacheMount: false, corepack: false }), node);
    expect(text).toContain('RUN pnpm fetch --store-dir /pnpm/store');
    expect(text).toContain('RUN pnpm install --offline --frozen-lockfile --store-dir /pnpm/store');
  });

  it('renders the single-install mode', async () => {
    await expect(renderFragment(pnpmInstall({ mode: 'install', omitDev: true }), node)).toMatchFileSnapshot(
      golden('pnpmInstall.install'),
    );
  });

  it('puts corepack in toolchain, fetch in deps and the offline install in build', () => {
    expect(phases(pnpmInstall())).toEqual([
      ['run', 'toolchain'],
      ['copy', 'deps'],
      ['run', 'deps'],
      ['run', 'build'],
    ]);
    expect(phases(pnpmInstall({ mode: 'install', corepack: false }))).toEqual([
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
  });

  it('rejects an unknown mode', () => {
    expectOptionError(() => pnpmInstall({ mode: 'offline' as never }), {
      fragment: 'pnpmInstall',
      path: 'mode',
      testFile: here,
    });
  });
});

describe('yarnInstall', () => {
  it('renders Yarn 1 with its cache mounted', async () => {
    await expect(renderFragment(yarnInstall(), node)).toMatchFileSnapshot(golden('yarnInstall'));
  });

  it('renders Berry with corepack, .yarnrc.yml and the berry cache', async () => {
    await expect(renderFragment(yarnInstall({ version: 'berry', omitDev: true }), node)).toMatchFileSnapshot(
      golden('yarnInstall.berry'),
    );
  });

  it('cleans the cache without the mount', () => {
    expect(renderFragment(yarnInstall({ cacheMount: false, omitDev: true }), node)).toContain(
      'RUN yarn install --frozen-lockfile --production \\\n    && yarn cache clean',
    );
  });

  it('puts corepack in toolchain and the install in deps', () => {
    expect(phases(yarnInstall({ version: 'berry' }))).toEqual([
      ['run', 'toolchain'],
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
    expect(phases(yarnInstall())).toEqual([
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
  });

  it('rejects an unknown version', () => {
    expectOptionError(() => yarnInstall({ version: '4' as never }), {
      fragment: 'yarnInstall',
      path: 'version',
      testFile: here,
    });
  });
});

describe('nodePruneDevDeps', () => {
  it('renders npm prune', async () => {
    await expect(renderFragment(nodePruneDevDeps(), node)).toMatchFileSnapshot(golden('nodePruneDevDeps'));
  });

  it('renders the other managers', () => {
    expect(renderFragment(nodePruneDevDeps('pnpm'), node)).toContain('RUN pnpm prune --prod');
    expect(renderFragment(nodePruneDevDeps({ manager: 'yarn' }), node)).toContain(
      'RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --production',
    );
    expect(renderFragment(nodePruneDevDeps('yarn-berry'), node)).toContain('yarn workspaces focus --all --production');
  });

  it('is a build-phase RUN', () => {
    expect(phases(nodePruneDevDeps())).toEqual([['run', 'build']]);
    expect(fragmentSteps(nodePruneDevDeps())[0]?.independent).toBeUndefined();
  });

  it('rejects an unknown manager', () => {
    expectOptionError(() => nodePruneDevDeps('bun' as never), {
      fragment: 'nodePruneDevDeps',
      path: 'manager',
      testFile: here,
    });
  });
});
