/**
 * The Docker client to call. Debian's docker.io ships /usr/bin/docker matching dockerd 20.10; a
 * newer client earlier on PATH (here /usr/local/bin/docker) refuses BuildKit without buildx.
 */
export const DOCKER = process.env['DSL_E2E_DOCKER'] ?? '/usr/bin/docker';

/** Environment for every docker call: the built-in BuildKit, not the legacy builder. */
export function dockerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_BUILDKIT: '1' };
}

/** Loopback index served by scripts/engine.sh; the python:3.12 fixture's PIP_INDEX_URL points here. */
export const PYPI_URL = `http://127.0.0.1:${process.env['DSL_E2E_PYPI_PORT'] ?? '3141'}/simple/`;
