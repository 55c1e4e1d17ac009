import { DOCKER, dockerEnv, PYPI_URL } from './docker.js';
import { exec } from './exec.js';
import { FIXTURE_IMAGES } from './fixtures.js';

export interface EngineStatus {
  /** True when dockerd answers, Buildah and Docker hold every fixture image, and the index answers. */
  readonly ok: boolean;
  readonly dockerVersion?: string;
  readonly buildah: boolean;
  /** Human-readable reasons the engine is not usable; empty when ok. */
  readonly problems: readonly string[];
}

/** Probes the real builders without changing anything. */
export async function checkEngine(): Promise<EngineStatus> {
  const problems: string[] = [];
  const version = await exec(DOCKER, ['version', '-f', '{{.Server.Version}}'], {
    env: dockerEnv(),
    timeoutMs: 15_000,
  }).catch((error: Error) => ({ code: 1, stdout: '', stderr: error.message }));
  const dockerVersion = version.code === 0 ? version.stdout.trim() : undefined;
  if (dockerVersion === undefined) {
    problems.push(`dockerd is not reachable through ${DOCKER}: ${version.stderr.trim()}`);
  } else {
    const images = await exec(DOCKER, ['image', 'inspect', '-f', '{{.Id}}', ...FIXTURE_IMAGES], { env: dockerEnv() });
    if (images.code !== 0) problems.push(`fixture images missing: ${images.stderr.trim()}`);
  }
  const buildah = await exec('buildah', ['images', '--noheading', 'python:3.12']).catch(() => ({ code: 1 }));
  if (buildah.code !== 0) problems.push('buildah is missing or has no copy of the fixture images');
  try {
    const response = await fetch(`${PYPI_URL}requests/`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) problems.push(`loopback index ${PYPI_URL} answered ${response.status}`);
  } catch (error) {
    problems.push(`loopback index ${PYPI_URL} is not answering: ${(error as Error).message}`);
  }
  return {
    ok: problems.length === 0,
    ...(dockerVersion !== undefined ? { dockerVersion } : {}),
    buildah: buildah.code === 0,
    problems,
  };
}

/**
 * The gate every e2e file awaits at top level. On CI (`CI=true`) a missing engine is a failure,
 * because a silently skipped e2e suite looks exactly like a passing one; locally it returns a
 * not-ok status (tests then skip) after saying loudly why and how to fix it.
 */
export async function requireEngine(): Promise<EngineStatus> {
  const status = await checkEngine();
  if (status.ok) return status;
  const message = `real-builder e2e: engine not ready\n  - ${status.problems.join('\n  - ')}\n  fix: sudo bash scripts/engine.sh`;
  if (['true', '1'].includes((process.env['CI'] ?? '').toLowerCase())) throw new Error(message);
  console.warn(`\n*** SKIPPING ${message}\n`);
  return status;
}
