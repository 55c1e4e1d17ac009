import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { expose } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { options } from './shared.js';

const port = lazy(() =>
  z.number().check(z.int(), z.minimum(1, 'a port is 1 to 65535'), z.maximum(65535, 'a port is 1 to 65535')),
);

/**
 * Documents the port(s) the app listens on: `EXPOSE 8080`. It publishes nothing (use `-p`). In the
 * `metadata` phase and independent of every other step, so the compiler may move it to the end.
 *
 * @example
 * exposePort(8080)
 * exposePort([53], { protocol: 'udp' })
 */
export const exposePort = defineFragment({
  name: 'exposePort',
  description: 'EXPOSE one or more ports (tcp by default), in the metadata phase.',
  options: () =>
    options({
      /** Port number or numbers. */
      port: z.union([port(), z.array(port()).check(z.minLength(1, 'no ports given'))]),
      /** `tcp` (default, written without a suffix), `udp` or `sctp`. */
      protocol: z._default(z.enum(['tcp', 'udp', 'sctp']), 'tcp'),
    }),
  positional: 'port',
  example: 'exposePort(8080)',
  build: ({ port: ports, protocol }) => {
    const list = [...new Set(typeof ports === 'number' ? [ports] : ports)];
    return expose(...list.map((p) => (protocol === 'tcp' ? p : `${p}/${protocol}`)));
  },
});
