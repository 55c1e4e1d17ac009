import { DOCKER, dockerEnv } from './docker.js';
import { type ExecResult, exec, execOrThrow } from './exec.js';

export interface RunOptions {
  /** Arguments after the image: replace the image's CMD. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

function envArgs(env: Readonly<Record<string, string>> = {}): string[] {
  return Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
}

/** `docker run --rm --network host IMAGE ARGS...` to completion; the result carries stdout/stderr. */
export function runToCompletion(image: string, options: RunOptions = {}): Promise<ExecResult> {
  const args = ['run', '--rm', '--network', 'host', ...envArgs(options.env), image, ...(options.args ?? [])];
  return exec(DOCKER, args, { env: dockerEnv(), timeoutMs: options.timeoutMs ?? 120_000 });
}

export interface RunningContainer {
  readonly id: string;
  /** Everything the container printed so far (for failure messages). */
  logs(): Promise<string>;
  /** Whether the container's process is still alive (a crashed server should fail fast). */
  running(): Promise<boolean>;
  /** Force-removes the container; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a long-running container (a server) detached, on the host network (the test daemon has
 * no bridge, so a server's port is directly a host port). Always `stop()` it, e.g. in `finally`.
 */
export async function startContainer(image: string, options: RunOptions = {}): Promise<RunningContainer> {
  const args = ['run', '-d', '--network', 'host', ...envArgs(options.env), image, ...(options.args ?? [])];
  const started = await execOrThrow(DOCKER, args, { env: dockerEnv(), timeoutMs: 60_000 });
  const id = started.stdout.trim();
  return {
    id,
    logs: async () => {
      const result = await exec(DOCKER, ['logs', id], { env: dockerEnv() });
      return result.stdout + result.stderr;
    },
    running: async () => {
      const result = await exec(DOCKER, ['inspect', '-f', '{{.State.Running}}', id], { env: dockerEnv() });
      return result.stdout.trim() === 'true';
    },
    stop: async () => {
      await exec(DOCKER, ['rm', '-f', id], { env: dockerEnv() });
    },
  };
}
