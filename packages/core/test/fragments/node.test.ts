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
  it('fetches with package.json and the lockfile, then installs offline', async () => {
    await expect(renderFragment(pnpmInstall(), node)).toMatchFileSnapshot(golden('pnpmInstall'));
  });

  // Found by a review: the install was in the build phase, after the source, so a build step
  // written before pnpmInstall() ran without node_modules, and a stage without the source (dsl
  // init's base) installed without package.json.
  it('installs before the source and before a build step written ahead of it', async () => {
    await expect(
      renderFragment([copyApp(), run('pnpm run build', { phase: 'build' }), pnpmInstall()], node),
    ).toMatchFileSnapshot(golden('pnpmInstall.withSource'));
  });

  it("copies the install's files after the fetch, except those copied before it", () => {
    const text = renderFragment(
      pnpmInstall({
        manifests: ['pnpm-lock.yaml', 'pnpm-workspace.yaml'],
        packageFiles: ['package.json', 'pnpm-workspace.yaml', 'packages/api/package.json'],
      }),
      node,
    );
    const instructions = text.split('\n').filter((line) => /^(COPY|RUN)/.test(line));
    expect(instructions.map((line) => line.replace(/ --mount=\S+/g, ''))).toEqual([
      'RUN corepack enable pnpm',
      'COPY pnpm-lock.yaml pnpm-workspace.yaml ./',
      'RUN pnpm fetch --store-dir /pnpm/store',
      'COPY package.json ./',
      'COPY packages/api/package.json packages/api/',
      'RUN pnpm install --prefer-offline --frozen-lockfile --store-dir /pnpm/store',
    ]);
  });

  it('rejects packageFiles in install mode, where manifests are all the install reads', () => {
    expectOptionError(() => pnpmInstall({ mode: 'install', packageFiles: ['package.json'] }), {
      fragment: 'pnpmInstall',
      path: 'packageFiles',
      testFile: here,
    });
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

  it('puts corepack in toolchain, and the fetch, the package files and the install in deps', () => {
    expect(phases(pnpmInstall({ manifests: ['pnpm-lock.yaml'] }))).toEqual([
      ['run', 'toolchain'],
      ['copy', 'deps'],
      ['run', 'deps'],
      ['copy', 'deps'],
      ['run', 'deps'],
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
