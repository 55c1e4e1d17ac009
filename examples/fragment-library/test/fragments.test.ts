import { captureDslError, fragmentSteps, renderFragment } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { acmeLabels, nodeService, pythonService } from '../src/index.js';

const golden = (name: string) => `./__golden__/${name}.Dockerfile`;

describe('pythonService', () => {
  const service = () =>
    pythonService({ name: 'billing-api', module: 'billing.main', port: 8080, team: 'payments', version: '2.3.1' });

  it('renders a venv builder stage and a hardened slim runtime', async () => {
    await expect(renderFragment(service(), { from: 'python:3.12-slim', stageName: 'api' })).toMatchFileSnapshot(
      golden('pythonService'),
    );
  });

  it('puts the virtualenv before the source, and the user switch after both', () => {
    const kinds = fragmentSteps(service()).map((step) => [step.kind, step.phase, step.origin.fragment]);
    expect(kinds).toContainEqual(['copy', 'deps', 'copyArtifacts']);
    expect(kinds).toContainEqual(['copy', 'source', 'copyApp']);
    const text = renderFragment(service(), { from: 'python:3.12-slim' });
    expect(text.indexOf('COPY --from=billing-api-venv')).toBeLessThan(text.indexOf('COPY . /app/'));
    expect(text.indexOf('COPY . /app/')).toBeLessThan(text.indexOf('USER 10001:10001'));
  });

  it('installs build packages in the builder only', () => {
    const text = renderFragment(
      pythonService({ name: 'etl', module: 'etl', port: 9000, team: 'data', buildPackages: ['gcc', 'libpq-dev'] }),
      { from: 'python:3.12-slim' },
    );
    const [builder, runtime] = text.split('\n\n');
    expect(builder).toContain('install -y --no-install-recommends gcc libpq-dev');
    expect(runtime).not.toContain('apt-get');
  });

  it('names the fragment, its package and the option path on a bad option', () => {
    const error = captureDslError(() =>
      pythonService({ name: 'billing-api', module: 'billing main', port: 8080, team: 'payments' }),
    );
    expect(error.location).toMatchObject({
      fragment: 'pythonService',
      package: '@acme/docker-fragments',
      path: 'module',
    });
    expect(error.message).toContain('a dotted module name such as billing.main');
  });

  it('rejects unknown options', () => {
    const options = { name: 'api', module: 'api', port: 80, team: 'web', pyhton: '3.11' };
    expect(captureDslError(() => pythonService(options as never)).message).toMatch(/pyhton/);
  });
});

describe('nodeService', () => {
  it('renders a build stage with a pruned node_modules and a hardened slim runtime', async () => {
    const service = nodeService({
      name: 'storefront',
      entry: 'dist/server.js',
      port: 3000,
      team: 'web',
      buildScript: 'build',
    });
    await expect(renderFragment(service, { from: 'node:20-slim', stageName: 'web' })).toMatchFileSnapshot(
      golden('nodeService'),
    );
  });

  it('without a build script, copies the source paths and installs production dependencies only', () => {
    const text = renderFragment(
      nodeService({ name: 'api', entry: 'src/server.js', port: 3000, team: 'web', paths: ['src', 'config'] }),
      { from: 'node:20-slim' },
    );
    expect(text).not.toContain('npm run');
    expect(text).toContain('COPY src /app/src');
    expect(text).toContain('COPY config /app/config');
    expect(text).toContain('CMD ["node", "src/server.js"]');
  });

  it('rejects an entry that is not a relative .js path', () => {
    const error = captureDslError(() => nodeService({ name: 'api', entry: '/srv/app.ts', port: 3000, team: 'web' }));
    expect(error.location).toMatchObject({ fragment: 'nodeService', path: 'entry' });
  });
});

describe('acmeLabels', () => {
  it('renders one LABEL with the team', async () => {
    await expect(
      renderFragment(acmeLabels({ title: 'nightly-report', team: 'data', version: '2024.06.1' })),
    ).toMatchFileSnapshot(golden('acmeLabels'));
  });

  it('rejects a source URL that is not https', () => {
    const error = captureDslError(() => acmeLabels({ title: 'x', team: 'data', source: 'http://example.com' }));
    expect(error.location.path).toBe('source');
  });
});

it('every fragment carries the package name, a description and an example', () => {
  for (const fragment of [pythonService, nodeService, acmeLabels]) {
    expect(fragment.fragment.package).toBe('@acme/docker-fragments');
    expect(fragment.fragment.description).not.toBe('');
    expect(fragment.fragment.example).toMatch(new RegExp(`^${fragment.fragment.name}\\(`));
  }
});
