import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run, sh } from '../api/steps.js';
import type { Mount, SecretMount } from '../ir/mounts.js';
import { mountInputSchema } from '../schema/ir.js';
import { lazy } from '../schema/lazy.js';
import { commandList, commandOption, phaseOption } from './runCommand.js';
import { imagePath, matching, options } from './shared.js';

const secretId = lazy(() => matching(/^[A-Za-z0-9_.-]+$/, 'a secret id (letters, digits, _ . -)'));
const ownerId = lazy(() => z.number().check(z.int(), z.nonnegative()));
const envName = lazy(() => matching(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'));
const secret = lazy(() =>
  z.union([
    secretId(),
    options({
      /** The id given to `docker build --secret id=...`. */
      id: secretId(),
      /** Where the file appears. Default `/run/secrets/<id>`. */
      target: z.optional(imagePath()),
      /** Expose it as this environment variable for the RUN instead (Dockerfile syntax 1.10+). */
      env: z.optional(envName()),
      /** Fail when the secret is not passed. Default true. */
      required: z.optional(z.boolean()),
      /** Owner of the secret file. Default: the numeric USER in effect (see mountOwners), else root. */
      uid: z.optional(ownerId()),
      /** Group of the secret file. */
      gid: z.optional(ownerId()),
      /** File mode, octal. Default `0400`. */
      mode: z.optional(matching(/^0?[0-7]{3}$/, 'an octal file mode such as 0440')),
    }),
  ]),
);

/**
 * A RUN that sees build secrets through `--mount=type=secret` and only there: the secret is never
 * in a layer, the image config, or the build cache key, unlike ENV or ARG. Each secret is a file at
 * `/run/secrets/<id>` (or `target`), or an environment variable of that RUN with `env`. Secrets are
 * `required` by default, so a build without `--secret id=...` fails instead of silently installing
 * without credentials.
 *
 * In the `deps` phase by default (private package installs); set `phase` for other uses. After a
 * numeric `USER` (`nonRootUser()`), the secret is owned by that user; after a named one, give
 * `uid` (BuildKit otherwise mounts it readable by root only).
 *
 * @example
 * secretRun('pip install -r requirements.txt', { secrets: ['pip_conf'] })
 * secretRun('npm ci', { secrets: [{ id: 'npmrc', target: '/root/.npmrc' }] })
 */
export const secretRun = defineFragment({
  name: 'secretRun',
  description: 'A RUN with build secrets mounted (--mount=type=secret), never in ENV or ARG.',
  options: () =>
    options({
      /** The command, or commands joined with `&&`. */
      command: commandOption(),
      /** Secret ids, or `{ id, target, env, required, uid, gid, mode }`. */
      secrets: z.array(secret()).check(z.minLength(1, 'no secrets given: use run() for a RUN without secrets')),
      /** Extra mounts (cache mounts, ...). */
      mounts: z._default(z.array(mountInputSchema()), []),
      /** Cache phase. Default `deps`. */
      phase: z._default(phaseOption(), 'deps'),
    }),
  positional: 'command',
  example: "secretRun('pip install -r requirements.txt', { secrets: ['pip_conf'] })",
  build: (opts) => {
    const secrets: SecretMount[] = opts.secrets.map((entry) => {
      const spec = typeof entry === 'string' ? { id: entry } : entry;
      return {
        type: 'secret',
        id: spec.id,
        ...(spec.target !== undefined ? { target: spec.target } : {}),
        ...(spec.env !== undefined ? { env: spec.env } : {}),
        required: spec.required ?? true,
        ...(spec.mode !== undefined ? { mode: spec.mode } : {}),
        ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
        ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
      };
    });
    return run(sh(...commandList(opts.command)), {
      mounts: [...secrets, ...(opts.mounts as Mount[])],
      phase: opts.phase,
    });
  },
});
