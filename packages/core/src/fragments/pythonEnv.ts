import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { env } from '../api/steps.js';
import { options } from './shared.js';

/**
 * Sets the environment variables a containerised Python app usually wants, in one ENV step of the
 * `toolchain` phase: no `.pyc` files written at run time, unbuffered stdout/stderr (logs appear at
 * once), and no pip version check on every install.
 *
 * An ENV step is an ordering barrier: place `pythonEnv()` early (right after system packages).
 *
 * @example
 * pythonEnv()
 * pythonEnv({ faultHandler: true })
 */
export const pythonEnv = defineFragment({
  name: 'pythonEnv',
  description: 'Sets PYTHONDONTWRITEBYTECODE, PYTHONUNBUFFERED and PIP_DISABLE_PIP_VERSION_CHECK.',
  options: () =>
    options({
      /** `PYTHONDONTWRITEBYTECODE=1`. Default true. */
      dontWriteBytecode: z._default(z.boolean(), true),
      /** `PYTHONUNBUFFERED=1`. Default true. */
      unbuffered: z._default(z.boolean(), true),
      /** `PYTHONFAULTHANDLER=1`: tracebacks on segfaults. Default false. */
      faultHandler: z._default(z.boolean(), false),
      /** `PIP_DISABLE_PIP_VERSION_CHECK=1`. Default true. */
      disablePipVersionCheck: z._default(z.boolean(), true),
    }),
  example: 'pythonEnv()',
  build: (opts) => {
    const vars: Record<string, string> = {};
    if (opts.dontWriteBytecode) vars['PYTHONDONTWRITEBYTECODE'] = '1';
    if (opts.unbuffered) vars['PYTHONUNBUFFERED'] = '1';
    if (opts.faultHandler) vars['PYTHONFAULTHANDLER'] = '1';
    if (opts.disablePipVersionCheck) vars['PIP_DISABLE_PIP_VERSION_CHECK'] = '1';
    return Object.keys(vars).length > 0 && env(vars, { phase: 'toolchain' });
  },
});
