/**
 * The fragments' ordering metadata against the real compiler: stages written in a careless order
 * come out cache-friendly (system, toolchain, deps, source, build, metadata).
 */
import {
  aptInstall,
  cargoBuild,
  cargoFetch,
  cmd,
  compile,
  copyApp,
  copyArtifacts,
  defineConfig,
  entrypoint,
  env,
  exposePort,
  goBuild,
  goModDownload,
  httpHealthcheck,
  labels,
  nodePruneDevDeps,
  nonRootUser,
  npmCi,
  pipInstall,
  pythonEnv,
  pythonVenv,
  renderFragment,
  run,
  stage,
  workdir,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

/** Checks the instruction lines (mount flags left out) start with `expected`, one for one. */
function expectInstructions(text: string, expected: string[]): void {
  const lines = text
    .split('\n')
    .filter((line) => /^[A-Z]+ /.test(line))
    .map((line) => line.replace(/ --mount=\S+/g, ''));
  expect(lines.map((line, index) => line.slice(0, expected[index]?.length ?? line.length))).toEqual(expected);
}

describe('fragments under orderForCache', () => {
  it('puts a Python service written source-first into cache order', () => {
    const text = renderFragment(
      [
        workdir('/app'),
        copyApp(),
        exposePort(8000),
        cmd(['gunicorn', 'app:app']),
        pipInstall({ requirements: 'requirements.txt' }),
        aptInstall(['libpq5']),
      ],
      { from: 'python:3.12-slim' },
    );
    expectInstructions(text, [
      'FROM python:3.12-slim AS test',
      'WORKDIR /app',
      'RUN if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.dsl-aside; fi \\',
      'COPY requirements.txt ./',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'EXPOSE 8000',
      'CMD ["gunicorn", "app:app"]',
    ]);
  });

  it('keeps steps written after an ENV fragment after it, so env fragments go first', () => {
    const text = renderFragment(
      [pythonEnv(), pythonVenv(), workdir('/app'), copyApp(), pipInstall({ requirements: 'requirements.txt' })],
      { from: 'python:3.12-slim' },
    );
    expectInstructions(text, [
      'FROM python:3.12-slim AS test',
      'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VER',
      'RUN python3 -m venv /opt/venv',
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
      'WORKDIR /app',
      'COPY requirements.txt ./',
      'RUN pip install -r requirements.txt',
      'COPY . .',
    ]);
  });

  it('builds a Node service as a non-root user written last, with numeric --chown', () => {
    const text = renderFragment(
      [
        workdir('/app'),
        copyApp({ chown: '10001:10001' }),
        npmCi(),
        run('npm run build', { phase: 'build' }),
        nodePruneDevDeps(),
        aptInstall(['tini']),
        nonRootUser(),
        exposePort(3000),
        httpHealthcheck(3000, { tool: 'node' }),
        entrypoint(['tini', '--']),
        cmd(['node', 'dist/server.js']),
      ],
      { from: 'node:20-bookworm-slim' },
    );
    expectInstructions(text, [
      'FROM node:20-bookworm-slim AS test',
      'WORKDIR /app',
      'RUN if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.dsl-aside; fi \\',
      'RUN groupadd --system --gid 10001 app \\',
      'COPY package.json package-lock.json ./',
      'RUN npm ci --no-audit --no-fund',
      'COPY --chown=10001:10001 . .',
      'RUN npm run build',
      'RUN npm prune --omit=dev',
      'USER 10001:10001',
      'EXPOSE 3000',
      'HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["node", ',
      'ENTRYPOINT ["tini", "--"]',
      'CMD ["node", "dist/server.js"]',
    ]);
  });

  it('keeps a COPY --chown=name after the account it needs', () => {
    const text = renderFragment([nonRootUser({ switchUser: false }), copyApp({ chown: 'app' }), aptInstall(['curl'])]);
    expectInstructions(text, [
      'FROM debian:bookworm-slim AS test',
      'RUN groupadd --system --gid 10001 app \\',
      'RUN if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.dsl-aside; fi \\',
      'COPY --chown=app . .',
    ]);
  });

  it('downloads Go modules before the source and builds after it; the runtime copies the binary', () => {
    const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [
      workdir('/src'),
      copyApp(),
      goBuild({ output: '/out/server' }),
      goModDownload(),
    ]);
    const runtime = stage('runtime', { from: 'gcr.io/distroless/static-debian12:nonroot' }, [
      entrypoint(['/server']),
      labels({ title: 'server' }),
      copyArtifacts(builder, ['/out/server'], '/server'),
    ]);
    const { dockerfile } = compile(defineConfig({ targets: [runtime] }));
    expectInstructions(dockerfile, [
      'FROM golang:1.22-bookworm AS builder',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      "RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/se",
      'FROM gcr.io/distroless/static-debian12:nonroot AS runtime',
      'COPY --from=builder /out/server /server',
      'ENTRYPOINT ["/server"]',
      'LABEL org.opencontainers.image.title=server',
    ]);
  });

  // BuildKit puts every ARG in scope into a RUN's cache key: below ARG TARGETOS, the download
  // would be cached once per platform of a multi-platform build.
  it('downloads Go modules above the platform ARGs of a goBuild written before it', () => {
    const text = renderFragment(
      [workdir('/src'), copyApp(), goBuild({ targetPlatform: true }), goModDownload(), cargoFetch()],
      { from: 'golang:1.22-bookworm' },
    );
    expectInstructions(text, [
      'FROM golang:1.22-bookworm AS test',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY Cargo.toml Cargo.lock ./',
      'RUN cargo fetch --locked',
      'COPY . .',
      'ARG TARGETOS',
      'ARG TARGETARCH',
      'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build',
    ]);
  });

  it('builds Rust after the source COPY', () => {
    const text = renderFragment([workdir('/app'), cargoBuild('server'), copyApp()], { from: 'rust:1.80-bookworm' });
    expectInstructions(text, [
      'FROM rust:1.80-bookworm AS test',
      'WORKDIR /app',
      'COPY . .',
      'RUN cargo build --locked --release --bin server \\',
    ]);
  });

  // Found by a review: an ENV written after an install must stay after it, so it pulled the install
  // up to its own phase, past the manifest COPY of the same fragment, which nothing tied to it.
  it("keeps a fragment's manifest COPY before its install when a later ENV pulls the install up", () => {
    const python = renderFragment(
      [workdir('/app'), pipInstall({ requirements: 'requirements.txt' }), copyApp(), pythonEnv()],
      { from: 'python:3.12-slim' },
    );
    expectInstructions(python, [
      'FROM python:3.12-slim AS test',
      'WORKDIR /app',
      'COPY requirements.txt ./',
      'RUN pip install -r requirements.txt',
      'ENV PYTHONDONTWRITEBYTECODE=1',
      'COPY . .',
    ]);
    const node = renderFragment([workdir('/app'), copyApp(), npmCi(), env('NODE_ENV', 'production'), nonRootUser()], {
      from: 'node:20-bookworm-slim',
    });
    expectInstructions(node, [
      'FROM node:20-bookworm-slim AS test',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci --no-audit --no-fund',
      'ENV NODE_ENV=production',
      'RUN groupadd --system --gid 10001 app \\',
      'COPY . .',
      'USER 10001:10001',
    ]);
  });
});
