import { copy, defineConfig, entrypoint, run, stage, workdir } from '@dockerdsl/core';

const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [
  workdir('/src'),
  copy('go.mod', './'),
  run('go mod download'),
  copy('.', '.'),
  run('CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=1.0.0" -o /out/hello .'),
]);

// The runtime image holds the binary and nothing else.
const runtime = stage('runtime', { from: 'scratch' }, [
  copy('/out/hello', '/hello', { from: builder }),
  entrypoint(['/hello']),
]);

export default defineConfig({ targets: [runtime] });
