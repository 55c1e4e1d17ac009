import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory vitest was started from. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const EXAMPLES_DIR = `${REPO_ROOT}examples`;

/** The CLI entry point as `pnpm build` leaves it. */
export const CLI_BIN = `${REPO_ROOT}packages/cli/dist/bin.js`;
