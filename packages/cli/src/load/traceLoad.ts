import { writeStderr } from '../stdio.js';

/**
 * DSL_TRACE_LOAD=1 prints how the config was loaded: `cache`, `transpiled` or `tsx`, or that it
 * was not, its Dockerfile coming from the result cache (`result`); and why a result is not cached.
 */
export function traceLoad(tier: string, detail: string): void {
  if (process.env['DSL_TRACE_LOAD']) writeStderr(`dsl: config loaded via ${tier} (${detail})\n`);
}

export function traceResultCache(message: string): void {
  if (process.env['DSL_TRACE_LOAD']) writeStderr(`dsl: result cache: ${message}\n`);
}
