import { spawn } from 'node:child_process';

export interface ExecOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  readonly input?: string;
  /** Kill the child (SIGKILL) after this long; the result then has `timedOut: true`. */
  readonly timeoutMs?: number;
}

export interface ExecResult {
  readonly command: string;
  /** Exit code, or null when the child was killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
}

/**
 * Runs a program without a shell and collects its output. Never rejects on a non-zero exit:
 * callers decide what a failure means (a failed build is a result to report, not an exception).
 */
export function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const started = performance.now();
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        command,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: performance.now() - started,
        timedOut,
      });
    });
    child.stdin.on('error', () => {
      // The child may exit before reading its input (e.g. a usage error); its exit code says why.
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Like exec, but throws with the command's output when it does not exit 0. */
export async function execOrThrow(
  file: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const result = await exec(file, args, options);
  if (result.code !== 0) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs} ms` : `exited ${result.code}`;
    throw new Error(`${result.command} ${why}\n--- stdout\n${tail(result.stdout)}\n--- stderr\n${tail(result.stderr)}`);
  }
  return result;
}

/** The last lines of a long log: enough to see why something failed without flooding the report. */
export function tail(text: string, lines = 60): string {
  const all = text.trimEnd().split('\n');
  return all.length <= lines
    ? all.join('\n')
    : [`... (${all.length - lines} lines above)`, ...all.slice(-lines)].join('\n');
}
