import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run, sh } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { phaseOption } from './runCommand.js';
import { chmodSpec, imagePath, matching, options, shellQuote } from './shared.js';

const httpsUrl = lazy(() =>
  matching(/^https:\/\/(?![^/]*@)[A-Za-z0-9._~:/?#!&+,;=%-]+$/, 'an https URL without credentials'),
);
const sha256 = lazy(() => matching(/^[0-9a-f]{64}$/, 'a sha256 checksum (64 lower-case hex digits)'));

/**
 * Downloads one file over HTTPS and verifies its SHA-256 before anything uses it; the RUN fails on
 * a mismatch. The usual way to install a single static tool binary (with `mode: '0755'`). In the
 * `toolchain` phase by default. Needs `curl` (default) or `wget` and `sha256sum` in the image.
 *
 * @example
 * fetchFile({
 *   url: 'https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64',
 *   sha256: '93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c',
 *   dest: '/usr/local/bin/tini',
 *   mode: '0755',
 * })
 */
export const fetchFile = defineFragment({
  name: 'fetchFile',
  description: 'Downloads a file over HTTPS and checks its SHA-256 in the same RUN.',
  options: () =>
    options({
      /** The https URL. */
      url: httpsUrl(),
      /** The expected SHA-256 of the file. */
      sha256: sha256(),
      /** Where the file goes (absolute). */
      dest: imagePath(),
      /** chmod the file, e.g. `0755` for a binary. */
      mode: z.optional(chmodSpec()),
      /** `curl` (default) or `wget`. */
      tool: z._default(z.enum(['curl', 'wget']), 'curl'),
      /** Cache phase. Default `toolchain`. */
      phase: z._default(phaseOption(), 'toolchain'),
    }),
  example:
    "fetchFile({ url: 'https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64', sha256: '93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c', dest: '/usr/local/bin/tini', mode: '0755' })",
  build: (opts) => {
    const url = shellQuote(opts.url);
    const dir = opts.dest.slice(0, opts.dest.lastIndexOf('/')) || '/';
    const download =
      opts.tool === 'curl'
        ? [`curl -fsSL --proto '=https' --create-dirs -o ${opts.dest} ${url}`]
        : [...(dir !== '/' ? [`mkdir -p ${dir}`] : []), `wget -q -O ${opts.dest} ${url}`];
    return run(
      sh(
        ...download,
        `echo '${opts.sha256}  ${opts.dest}' | sha256sum -c -`,
        ...(opts.mode !== undefined ? [`chmod ${opts.mode} ${opts.dest}`] : []),
      ),
      { phase: opts.phase, writes: [opts.dest] },
    );
  },
});
