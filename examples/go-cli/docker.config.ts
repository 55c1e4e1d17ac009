import {
  copyApp,
  copyArtifacts,
  defineConfig,
  entrypoint,
  goBuild,
  goModDownload,
  stage,
  workdir,
} from '@dockerdsl/core';

// Source copy written first on purpose: the compiler downloads modules before copying the source.
const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [
  workdir('/src'),
  copyApp(),
  // No dependencies, so no go.sum: only go.mod is copied first.
  goModDownload({ manifests: ['go.mod'] }),
  goBuild({ output: '/out/hello', ldflags: '-s -w -X main.version=1.0.0' }),
]);

// The runtime image holds the binary and nothing else.
const runtime = stage('runtime', { from: 'scratch' }, [
  copyArtifacts(builder, '/out/hello', '/hello'),
  entrypoint(['/hello']),
]);

export default defineConfig({ targets: [runtime] });
