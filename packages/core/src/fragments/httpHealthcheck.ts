import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { healthcheck } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { matching, options } from './shared.js';

const duration = lazy(() => matching(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as 30s or 1m'));
const urlPath = lazy(() =>
  matching(/^\/[A-Za-z0-9._~%/=&?:@!+,;-]*$/, 'a URL path starting with / (no spaces or quotes)'),
);
const host = lazy(() =>
  matching(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, 'a host name, IPv4 address or [IPv6] address'),
);

/**
 * `HEALTHCHECK` that requests `http://127.0.0.1:<port><path>` and fails on an error status, in exec
 * form (no shell needed in the image). `tool` picks what the image has: `curl` (default), `wget`
 * (BusyBox or GNU), `python` (python3 standard library) or `node` (Node 18+ `fetch`). The host is
 * `127.0.0.1` rather than `localhost`, which may resolve to `::1` while the app listens on IPv4.
 *
 * @example
 * httpHealthcheck({ port: 8080, path: '/healthz' })
 * httpHealthcheck({ port: 3000, tool: 'node', interval: '10s' })
 */
export const httpHealthcheck = defineFragment({
  name: 'httpHealthcheck',
  description: 'HEALTHCHECK that GETs a local HTTP endpoint with curl, wget, python or node.',
  options: () =>
    options({
      /** The port the app listens on. */
      port: z.number().check(z.int(), z.minimum(1), z.maximum(65535)),
      /** The endpoint. Default `/health`. */
      path: z._default(urlPath(), '/health'),
      /** Default `127.0.0.1`. */
      host: z._default(host(), '127.0.0.1'),
      /** The program that makes the request. Default `curl`. */
      tool: z._default(z.enum(['curl', 'wget', 'python', 'node']), 'curl'),
      /** `--interval`. Default `30s`. */
      interval: z._default(duration(), '30s'),
      /** `--timeout`. Default `5s`. */
      timeout: z._default(duration(), '5s'),
      /** `--start-period`: failures during start-up do not count. */
      startPeriod: z.optional(duration()),
      /** `--retries`. Default 3. */
      retries: z._default(z.number().check(z.int(), z.minimum(1)), 3),
    }),
  positional: 'port',
  example: "httpHealthcheck({ port: 8080, path: '/healthz' })",
  build: (opts) => {
    const url = `http://${opts.host}:${opts.port}${opts.path}`;
    const seconds = Math.max(1, Math.ceil(parseDuration(opts.timeout)));
    const argv = {
      curl: ['curl', '--fail', '--silent', '--show-error', '--output', '/dev/null', '--max-time', String(seconds), url],
      wget: ['wget', '-q', '--spider', '-T', String(seconds), url],
      python: ['python3', '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=${seconds})`],
      node: [
        'node',
        '-e',
        `fetch('${url}', { signal: AbortSignal.timeout(${seconds * 1000}) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
    }[opts.tool];
    return healthcheck(argv, {
      interval: opts.interval,
      timeout: opts.timeout,
      ...(opts.startPeriod !== undefined ? { startPeriod: opts.startPeriod } : {}),
      retries: opts.retries,
    });
  },
});

function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) return 1;
  const amount = Number(match[1]);
  return amount * { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as 'ms' | 's' | 'm' | 'h'];
}
