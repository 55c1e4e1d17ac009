/**
 * ACME's shared fragments for dsl. Install next to `@dockerdsl/core` (a peer dependency) and use
 * them in `docker.config.ts` like the built-in fragments.
 */
export { acmeLabels } from './acmeLabels.js';
export { nodeService } from './nodeService.js';
export { pythonService } from './pythonService.js';
