import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

let loaded: typeof TsMorph | undefined;

/**
 * ts-morph (and the TypeScript compiler inside it), loaded on first use. A static import would be
 * hoisted to the top of the single-file CLI bundle and load on every `dsl build`; ts-morph is
 * CommonJS, so a synchronous require keeps its callers' code synchronous.
 */
export function tsMorph(): typeof TsMorph {
  loaded ??= createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  return loaded;
}
