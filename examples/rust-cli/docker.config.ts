import {
  cargoBuild,
  cargoFetch,
  copyApp,
  copyArtifacts,
  defineConfig,
  entrypoint,
  stage,
  workdir,
} from '@dockerdsl/core';

// Cargo's registry and target/ live in cache mounts; the binary is copied out of target/ in the
// same RUN (cache mounts are not part of the image). Written source-first on purpose: the compiler
// fetches dependencies before copying the source.
const builder = stage('builder', { from: 'rust:1-bookworm' }, [
  workdir('/src'),
  copyApp(),
  cargoFetch(),
  cargoBuild({ bin: 'hello', output: '/out/hello' }),
]);

const runtime = stage('runtime', { from: 'debian:bookworm-slim' }, [
  copyArtifacts(builder, '/out/hello', '/usr/local/bin/hello'),
  entrypoint(['/usr/local/bin/hello']),
]);

export default defineConfig({ targets: [runtime] });
