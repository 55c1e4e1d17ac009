import { createServer } from 'node:net';

export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

export interface WaitForHttpOptions {
  readonly timeoutMs?: number;
  /** Checked between attempts: stop waiting as soon as the server process is gone. */
  readonly alive?: () => Promise<boolean>;
}

/** Polls `url` until it answers (any status) or the time runs out; servers need a moment to bind. */
export async function waitForHttp(url: string, options: WaitForHttpOptions = {}): Promise<HttpReply> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      lastError = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : String(error);
    }
    if (options.alive !== undefined && !(await options.alive()))
      throw new Error(`server exited before ${url} answered`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs ?? 30_000} ms: ${lastError}`);
}

/**
 * A loopback port that is free right now. Containers share the host network and other engineers'
 * tests may run on this machine, so servers get a fresh port instead of a fixed 8000.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
