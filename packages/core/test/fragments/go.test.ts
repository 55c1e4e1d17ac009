import { cargoBuild, cargoFetch, fragmentSteps, goBuild, goModDownload, goTest, renderFragment } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { expectOptionError, golden, phases } from './support.js';

const here = import.meta.url;
const golang = { from: 'golang:1.22-bookworm' };
const rust = { from: 'rust:1.80-bookworm' };

describe('goModDownload', () => {
  it('copies go.mod and go.sum and downloads with the module cache mounted', async () => {
    await expect(renderFragment(goModDownload(), golang)).toMatchFileSnapshot(golden('goModDownload'));
  });

  it('takes other manifests and works without the mount', () => {
    expect(renderFragment(goModDownload({ manifests: ['go.mod'], cacheMount: false }), golang)).toBe(
      'FROM golang:1.22-bookworm AS test\nCOPY go.mod ./\nRUN go mod download\n',
    );
  });

  it('puts the COPY and the download in the deps phase', () => {
    expect(phases(goModDownload())).toEqual([
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
  });

  it('rejects a duplicated manifest', () => {
    expectOptionError(() => goModDownload({ manifests: ['go.mod', 'go.mod'] }), {
      fragment: 'goModDownload',
      path: 'manifests[1]',
      testFile: here,
    });
  });
});

describe('goBuild', () => {
  it('builds a static binary with both caches mounted', async () => {
    await expect(
      renderFragment(goBuild({ package: './cmd/server', output: '/out/server' }), golang),
    ).toMatchFileSnapshot(golden('goBuild'));
  });

  it('cross-compiles from TARGETOS/TARGETARCH with tags and version ldflags', async () => {
    await expect(
      renderFragment(
        goBuild({ ldflags: '-s -w -X main.version=1.2.3', tags: ['netgo', 'osusergo'], targetPlatform: true }),
        golang,
      ),
    ).toMatchFileSnapshot(golden('goBuild.targetPlatform'));
  });

  it('accepts the package positionally and switches cgo and flags off', () => {
    expect(renderFragment(goBuild('.', { cgo: true, ldflags: '', trimpath: false, cacheMounts: false }), golang)).toBe(
      'FROM golang:1.22-bookworm AS test\nRUN CGO_ENABLED=1 go build -o /out/app .\n',
    );
  });

  it('is a build-phase RUN that writes its output; the platform ARGs are build-phase too', () => {
    expect(phases(goBuild())).toEqual([['run', 'build']]);
    expect(fragmentSteps(goBuild({ output: '/out/x' }))[0]?.writes).toEqual(['/out/x']);
    expect(phases(goBuild({ targetPlatform: true }))).toEqual([
      ['arg', 'build'],
      ['arg', 'build'],
      ['run', 'build'],
    ]);
  });

  it('rejects quotes in ldflags and a relative output', () => {
    expectOptionError(() => goBuild({ ldflags: "-X 'main.v=1'" }), {
      fragment: 'goBuild',
      path: 'ldflags',
      testFile: here,
    });
    expectOptionError(() => goBuild({ output: 'app' }), { fragment: 'goBuild', path: 'output', testFile: here });
  });
});

describe('goTest', () => {
  it('runs go test ./... with the caches mounted', async () => {
    await expect(renderFragment(goTest(), golang)).toMatchFileSnapshot(golden('goTest'));
  });

  it('renders -race with cgo and a -run pattern', () => {
    expect(
      renderFragment(goTest(['./internal/...'], { race: true, run: 'Test(A|B)$', cacheMounts: false }), golang),
    ).toBe("FROM golang:1.22-bookworm AS test\nRUN CGO_ENABLED=1 go test -race -run 'Test(A|B)$' ./internal/...\n");
  });

  it('is a build-phase RUN', () => {
    expect(phases(goTest())).toEqual([['run', 'build']]);
  });

  it('rejects a pattern with a space', () => {
    expectOptionError(() => goTest({ run: 'Test A' }), { fragment: 'goTest', path: 'run', testFile: here });
  });
});

describe('cargoFetch', () => {
  it('copies the manifests and fetches with the registry mounted', async () => {
    await expect(renderFragment(cargoFetch(), rust)).toMatchFileSnapshot(golden('cargoFetch'));
  });

  it('puts the COPY and the fetch in the deps phase, and works without mounts', () => {
    expect(phases(cargoFetch())).toEqual([
      ['copy', 'deps'],
      ['run', 'deps'],
    ]);
    expect(renderFragment(cargoFetch({ cacheMounts: false }), rust)).toBe(
      'FROM rust:1.80-bookworm AS test\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo fetch --locked\n',
    );
  });

  it('rejects a duplicated manifest with its path', () => {
    expectOptionError(() => cargoFetch({ manifests: ['Cargo.toml', 'Cargo.toml'] }), {
      fragment: 'cargoFetch',
      path: 'manifests[1]',
      testFile: here,
    });
  });
});

describe('cargoBuild', () => {
  it('builds with target/, registry and git db mounted and copies the binary out in the same RUN', async () => {
    await expect(renderFragment(cargoBuild({ bin: 'server' }), rust)).toMatchFileSnapshot(golden('cargoBuild'));
  });

  it('renders a musl target with features into /usr/local/bin', async () => {
    await expect(
      renderFragment(
        cargoBuild('server', {
          target: 'x86_64-unknown-linux-musl',
          features: ['tls', 'serde/derive'],
          output: '/usr/local/bin/server',
          package: 'server-bin',
        }),
        rust,
      ),
    ).toMatchFileSnapshot(golden('cargoBuild.musl'));
  });

  it('maps profiles to target/ directories', () => {
    expect(renderFragment(cargoBuild('app', { profile: 'dev', cacheMounts: false, locked: false }), rust)).toBe(
      'FROM rust:1.80-bookworm AS test\nRUN cargo build --bin app \\\n    && mkdir -p /out \\\n    && cp target/debug/app /out/app\n',
    );
    expect(renderFragment(cargoBuild('app', { profile: 'dist', cacheMounts: false }), rust)).toContain(
      'cargo build --locked --profile dist --bin app \\\n    && mkdir -p /out \\\n    && cp target/dist/app /out/app',
    );
  });

  it('is a build-phase RUN that writes its output', () => {
    expect(phases(cargoBuild('app'))).toEqual([['run', 'build']]);
    expect(fragmentSteps(cargoBuild('app'))[0]?.writes).toEqual(['/out/app']);
  });

  it('requires a binary name and rejects a bad one', () => {
    expectOptionError(() => cargoBuild({} as never), { fragment: 'cargoBuild', path: 'bin', testFile: here });
    expectOptionError(() => cargoBuild('my app'), { fragment: 'cargoBuild', path: 'bin', testFile: here });
  });
});
