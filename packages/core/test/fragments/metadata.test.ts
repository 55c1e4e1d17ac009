import { expand, exposePort, fragmentSteps, httpHealthcheck, labels, renderFragment } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;

describe('exposePort', () => {
  it('exposes a port', async () => {
    await expect(renderFragment(exposePort(8080))).toMatchFileSnapshot(golden('exposePort'));
  });

  it('exposes several ports with a protocol, once each', () => {
    expect(renderFragment(exposePort([53, 5353, 53], { protocol: 'udp' }))).toBe(
      'FROM debian:bookworm-slim AS test\nEXPOSE 53/udp 5353/udp\n',
    );
  });

  it('is an independent metadata step', () => {
    expect(phases(exposePort(80))).toEqual([['expose', 'metadata']]);
    expect(fragmentSteps(exposePort(80))[0]?.independent).toBe(true);
  });

  it('rejects port 0 and 70000', () => {
    expectOptionError(() => exposePort(0), { fragment: 'exposePort', path: 'port', testFile: here });
    expectOptionError(() => exposePort([80, 70000]), { fragment: 'exposePort', path: 'port[1]', testFile: here });
  });
});

describe('labels', () => {
  it('maps friendly names to OCI keys', async () => {
    await expect(
      renderFragment(labels({ title: 'api', version: '1.4.2', source: 'https://github.com/acme/api' })),
    ).toMatchFileSnapshot(golden('labels'));
  });

  it('emits OCI keys in a fixed order, extra keys sorted after', async () => {
    await expect(
      renderFragment(
        labels({
          source: 'https://github.com/acme/api',
          version: '1.4.2',
          title: 'api',
          licenses: 'MIT',
          extra: { 'com.example.team': 'core', 'com.example.cost-center': '42' },
        }),
      ),
    ).toMatchFileSnapshot(golden('labels.extra'));
  });

  it('quotes values with spaces and keeps expand() references', () => {
    expect(renderFragment(labels({ description: 'The "API" service', revision: expand('$GIT_SHA') }))).toBe(
      'FROM debian:bookworm-slim AS test\n' +
        'LABEL org.opencontainers.image.description="The \\"API\\" service" org.opencontainers.image.revision="$GIT_SHA"\n',
    );
  });

  it('is an independent metadata LABEL, unless a value depends on an ARG', () => {
    expect(phases(labels({ title: 'api' }))).toEqual([['label', 'metadata']]);
    expect(fragmentSteps(labels({ title: 'api' }))[0]?.independent).toBe(true);
    expect(fragmentSteps(labels({ revision: expand('$GIT_SHA') }))[0]?.independent).toBe(false);
  });

  it('rejects a newline in a value, an empty call and an unknown name', () => {
    expectOptionError(() => labels({ title: 'api\nRUN evil' }), { fragment: 'labels', path: 'title', testFile: here });
    expectOptionError(() => labels({}), { fragment: 'labels', path: undefined, message: /no labels/, testFile: here });
    expectOptionError(() => labels({ name: 'api' } as never), {
      fragment: 'labels',
      path: 'name',
      message: /unknown option "name"/,
      testFile: here,
    });
  });
});

describe('httpHealthcheck', () => {
  it('checks with curl in exec form', async () => {
    await expect(renderFragment(httpHealthcheck({ port: 8080, path: '/healthz' }))).toMatchFileSnapshot(
      golden('httpHealthcheck'),
    );
  });

  it('renders wget, python and node checks', async () => {
    await expect(
      [
        renderFragment(httpHealthcheck(8080, { tool: 'wget', startPeriod: '10s' }), { from: 'alpine:3.20' }),
        renderFragment(httpHealthcheck(8000, { tool: 'python', interval: '10s', timeout: '2s' }), {
          from: 'python:3.12-slim',
        }),
        renderFragment(httpHealthcheck(3000, { tool: 'node', retries: 5 }), { from: 'node:20-bookworm-slim' }),
      ].join('\n'),
    ).toMatchFileSnapshot(golden('httpHealthcheck.tools'));
  });

  it('is an independent metadata step', () => {
    expect(phases(httpHealthcheck(80))).toEqual([['healthcheck', 'metadata']]);
    expect(fragmentSteps(httpHealthcheck(80))[0]?.independent).toBe(true);
  });

  it('rejects a path with a quote and a bad duration', () => {
    expectOptionError(() => httpHealthcheck({ port: 80, path: "/x'); import os; ('" }), {
      fragment: 'httpHealthcheck',
      path: 'path',
      testFile: here,
    });
    expectOptionError(() => httpHealthcheck({ port: 80, interval: '30' }), {
      fragment: 'httpHealthcheck',
      path: 'interval',
      testFile: here,
    });
  });
});
