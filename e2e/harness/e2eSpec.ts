import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Start the image as a server and ask it over HTTP on loopback. */
export interface HttpCheck {
  /** Port the server listens on when `portEnv` is not set. */
  readonly port: number;
  /** Env var the app reads its port from; the harness then picks a free port and sets it. */
  readonly portEnv?: string;
  /** Request path; default `/`. */
  readonly path?: string;
  /** Expected status; default 200. */
  readonly status?: number;
  /** Substring the body must contain. */
  readonly expect?: string;
  /** The body must be JSON containing these top-level fields with these values. */
  readonly json?: Readonly<Record<string, unknown>>;
}

/** Run the image to completion; it must exit 0 and its stdout+stderr contain `expect`. */
export interface OutputCheck {
  /** Replace the image's CMD with these arguments; default: run the CMD as built. */
  readonly args?: readonly string[];
  readonly expect: string;
}

export type RunCheck = { readonly env?: Readonly<Record<string, string>> } & (
  | { readonly http: HttpCheck; readonly output?: undefined }
  | { readonly output: OutputCheck; readonly http?: undefined }
);

/** `examples/<name>/e2e.json`: how the e2e suite checks an example. Documented in docs/e2e.md. */
export interface E2eSpec {
  /** How to check the default target's image (what a plain `docker build` produces). */
  readonly run: RunCheck;
  /** Optional checks for other targets, by target name. */
  readonly targets?: Readonly<Record<string, { readonly run: RunCheck }>>;
  /** A source file (relative to the example) a cache test may edit: dependency steps must stay cached. */
  readonly sourceEdit?: string;
  /** The dependency manifest (relative to the example) whose edit must rerun the install. */
  readonly manifest?: string;
}

/** Reads and validates `<dir>/e2e.json`; errors name the file and the offending field. */
export function readE2eSpec(dir: string): E2eSpec {
  const file = join(dir, 'e2e.json');
  const fail = (path: string, why: string): never => {
    throw new Error(`${file}: ${path}: ${why}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail('(file)', (error as Error).message);
  }
  const spec = asObject(raw, '(root)', fail);
  allowOnly(spec, ['run', 'targets', 'sourceEdit', 'manifest', '$comment'], '(root)', fail);
  const run = readRunCheck(spec['run'], 'run', fail);
  const result: { -readonly [K in keyof E2eSpec]: E2eSpec[K] } = { run };
  if (spec['targets'] !== undefined) {
    const targets = asObject(spec['targets'], 'targets', fail);
    result.targets = Object.fromEntries(
      Object.entries(targets).map(([name, value]) => {
        const target = asObject(value, `targets.${name}`, fail);
        allowOnly(target, ['run'], `targets.${name}`, fail);
        return [name, { run: readRunCheck(target['run'], `targets.${name}.run`, fail) }];
      }),
    );
  }
  for (const key of ['sourceEdit', 'manifest'] as const) {
    const value = spec[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return fail(key, 'must be a path relative to the example');
    if (!existsSync(join(dir, value))) return fail(key, `${value} does not exist in ${dir}`);
    result[key] = value;
  }
  return result;
}

type Fail = (path: string, why: string) => never;

function asObject(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'must be an object');
  return value as Record<string, unknown>;
}

function allowOnly(value: Record<string, unknown>, keys: readonly string[], path: string, fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) fail(`${path}.${key}`, `unknown field (allowed: ${keys.join(', ')})`);
  }
}

function readRunCheck(value: unknown, path: string, fail: Fail): RunCheck {
  const check = asObject(value, path, fail);
  allowOnly(check, ['http', 'output', 'env'], path, fail);
  let env: Record<string, string> | undefined;
  if (check['env'] !== undefined) {
    env = {};
    for (const [name, v] of Object.entries(asObject(check['env'], `${path}.env`, fail))) {
      if (typeof v !== 'string') fail(`${path}.env.${name}`, 'must be a string');
      env[name] = v as string;
    }
  }
  const base = env === undefined ? {} : { env };
  if ((check['http'] === undefined) === (check['output'] === undefined))
    fail(path, 'needs exactly one of http, output');
  if (check['http'] !== undefined) return { ...base, http: readHttp(check['http'], `${path}.http`, fail) };
  const output = asObject(check['output'], `${path}.output`, fail);
  allowOnly(output, ['args', 'expect'], `${path}.output`, fail);
  if (typeof output['expect'] !== 'string') fail(`${path}.output.expect`, 'must be a string');
  const args = output['args'];
  if (args !== undefined && !(Array.isArray(args) && args.every((arg) => typeof arg === 'string'))) {
    fail(`${path}.output.args`, 'must be an array of strings');
  }
  return {
    ...base,
    output: { expect: output['expect'] as string, ...(args !== undefined ? { args: args as string[] } : {}) },
  };
}

function readHttp(value: unknown, path: string, fail: Fail): HttpCheck {
  const http = asObject(value, path, fail);
  allowOnly(http, ['port', 'portEnv', 'path', 'status', 'expect', 'json'], path, fail);
  const port = http['port'];
  if (typeof port !== 'number' || !Number.isInteger(port)) return fail(`${path}.port`, 'must be an integer');
  for (const key of ['portEnv', 'path', 'expect']) {
    if (http[key] !== undefined && typeof http[key] !== 'string') fail(`${path}.${key}`, 'must be a string');
  }
  if (http['status'] !== undefined && typeof http['status'] !== 'number') fail(`${path}.status`, 'must be a number');
  if (http['expect'] === undefined && http['json'] === undefined) fail(path, 'needs expect or json (or both)');
  return {
    port,
    ...(http['portEnv'] !== undefined ? { portEnv: http['portEnv'] as string } : {}),
    ...(http['path'] !== undefined ? { path: http['path'] as string } : {}),
    ...(http['status'] !== undefined ? { status: http['status'] as number } : {}),
    ...(http['expect'] !== undefined ? { expect: http['expect'] as string } : {}),
    ...(http['json'] !== undefined ? { json: asObject(http['json'], `${path}.json`, fail) } : {}),
  };
}
