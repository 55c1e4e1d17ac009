/**
 * zod for fragment libraries: `import { z } from '@dockerdsl/core/zod'` declares options with the
 * zod this core is typed against, without a zod dependency of your own (and without its version
 * drifting from the core's). A separate entry point, so the core's own bundle keeps only the parts
 * of zod it uses.
 */
export { z } from 'zod';
