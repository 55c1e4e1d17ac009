import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, scratchProject } from './runCli.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

/** A stand-in docker client that records its arguments and stdin, and answers `version`. */
function fakeDocker(dir: string, options: { engineUp: boolean; buildExit: number }): string {
  const path = join(dir, 'fake-docker.sh');
  writeFileSync(
    path,
    `#!/bin/sh
if [ "$1" = version ]; then
  ${options.engineUp ? 'echo 20.10.24; exit 0' : 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1'}
fi
printf '%s\\n' "$@" > "${dir}/args.txt"
cat > "${dir}/stdin.txt"
echo "DOCKER_BUILDKIT=$DOCKER_BUILDKIT" > "${dir}/env.txt"
echo "#1 building"
exit ${options.buildExit}
`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe('dsl image', () => {
  it('pipes the compiled Dockerfile to docker build with BuildKit and returns its exit code', () => {
    const { dir, cleanup } = scratchProject({});
    cleanups.push(cleanup);
    const docker = fakeDocker(dir, { engineUp: true, buildExit: 7 });
    const example = join(repoRoot, 'examples/multi-stage-python');
    const result = runCli(['image', example, '-t', 'demo:1', '--', '--no-cache'], repoRoot, { DSL_DOCKER: docker });
    expect(result.code).toBe(7);
    expect(result.stdout).toContain('#1 building');
    expect(readFileSync(join(dir, 'args.txt'), 'utf8').trim().split('\n')).toEqual([
      'build',
      '-f',
      '-',
      '--target',
      'prod',
      '-t',
      'demo:1',
      '--no-cache',
      example,
    ]);
    expect(readFileSync(join(dir, 'stdin.txt'), 'utf8')).toBe(readFileSync(join(example, 'Dockerfile'), 'utf8'));
    expect(readFileSync(join(dir, 'env.txt'), 'utf8').trim()).toBe('DOCKER_BUILDKIT=1');
  });

  it('says clearly when no engine is reachable, with exit code 3', () => {
    const { dir, cleanup } = scratchProject({});
    cleanups.push(cleanup);
    const docker = fakeDocker(dir, { engineUp: false, buildExit: 0 });
    const result = runCli(['image', 'examples/go-cli'], repoRoot, { DSL_DOCKER: docker });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no Docker engine reachable');
    expect(result.stderr).toContain('Cannot connect to the Docker daemon');
    expect(result.stderr).toContain('hint:');
  });

  it('reports a missing docker client the same way', () => {
    const result = runCli(['image', 'examples/go-cli'], repoRoot, { DSL_DOCKER: '/nonexistent/docker' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('ENOENT');
  });
});
