import { isDeepStrictEqual } from 'node:util';
import { runToCompletion, startContainer } from './container.js';
import type { HttpCheck, OutputCheck, RunCheck } from './e2eSpec.js';
import { tail } from './exec.js';
import { freePort, waitForHttp } from './http.js';

export interface CheckResult {
  readonly ok: boolean;
  /** What was checked and, on failure, why it failed (with the container's output). */
  readonly message: string;
  /** The HTTP body or the program output that was checked. */
  readonly observed: string;
}

/** Runs an image the way an e2e.json `run` check says and reports whether it behaved. */
export function checkImage(image: string, check: RunCheck): Promise<CheckResult> {
  return check.http !== undefined
    ? checkHttp(image, check.http, check.env ?? {})
    : checkOutput(image, check.output, check.env ?? {});
}

async function checkHttp(image: string, http: HttpCheck, env: Readonly<Record<string, string>>) {
  const port = http.portEnv === undefined ? http.port : await freePort();
  const url = `http://127.0.0.1:${port}${http.path ?? '/'}`;
  const container = await startContainer(image, {
    env: http.portEnv === undefined ? env : { ...env, [http.portEnv]: String(port) },
  });
  try {
    const reply = await waitForHttp(url, { alive: container.running });
    const problems: string[] = [];
    const status = http.status ?? 200;
    if (reply.status !== status) problems.push(`status ${reply.status}, expected ${status}`);
    if (http.expect !== undefined && !reply.body.includes(http.expect))
      problems.push(`body lacks ${JSON.stringify(http.expect)}`);
    if (http.json !== undefined) problems.push(...jsonProblems(reply.body, http.json));
    return result(`GET ${url} on ${image}`, problems, reply.body, container.logs);
  } catch (error) {
    return result(`GET ${url} on ${image}`, [(error as Error).message], '', container.logs);
  } finally {
    await container.stop();
  }
}

async function checkOutput(image: string, output: OutputCheck, env: Readonly<Record<string, string>>) {
  const run = await runToCompletion(image, { env, ...(output.args !== undefined ? { args: output.args } : {}) });
  const observed = run.stdout + run.stderr;
  const problems: string[] = [];
  if (run.code !== 0) problems.push(`exited ${run.code}${run.timedOut ? ' (timed out)' : ''}`);
  if (!observed.includes(output.expect)) problems.push(`output lacks ${JSON.stringify(output.expect)}`);
  return result(`docker run ${image} ${(output.args ?? []).join(' ')}`.trim(), problems, observed);
}

function jsonProblems(body: string, expected: Readonly<Record<string, unknown>>): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return ['body is not JSON'];
  }
  if (typeof parsed !== 'object' || parsed === null) return ['body is not a JSON object'];
  const actual = parsed as Record<string, unknown>;
  return Object.entries(expected)
    .filter(([key, value]) => !isDeepStrictEqual(actual[key], value))
    .map(([key, value]) => `json.${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)}`);
}

async function result(
  what: string,
  problems: readonly string[],
  observed: string,
  logs?: () => Promise<string>,
): Promise<CheckResult> {
  if (problems.length === 0) return { ok: true, message: `${what}: ok`, observed };
  const containerLogs = logs === undefined ? observed : await logs();
  return { ok: false, message: `${what}: ${problems.join('; ')}\n--- output\n${tail(containerLogs)}`, observed };
}
