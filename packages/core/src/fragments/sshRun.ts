import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run, sh } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { commandList, commandOption, phaseOption } from './runCommand.js';
import { matching, options } from './shared.js';

const hostName = lazy(() => matching(/^[A-Za-z0-9.-]+$/, 'a host name such as github.com'));

/**
 * A RUN that can use the builder's forwarded SSH agent (`--mount=type=ssh`, with
 * `docker build --ssh default`): clone private repositories or install private Git dependencies
 * without a key in any layer. `knownHosts` adds those hosts' keys with `ssh-keyscan` first, in the
 * same RUN (so `~/.ssh/known_hosts` is written before the command). In the `deps` phase by default.
 *
 * @example
 * sshRun('go mod download', { knownHosts: ['github.com'] })
 */
export const sshRun = defineFragment({
  name: 'sshRun',
  description: 'A RUN with the SSH agent mounted (--mount=type=ssh) for private Git dependencies.',
  options: () =>
    options({
      /** The command, or commands joined with `&&`. */
      command: commandOption(),
      /** Hosts whose keys `ssh-keyscan` adds to `~/.ssh/known_hosts` first. */
      knownHosts: z._default(z.array(hostName()), []),
      /** The `--ssh` id. Default: the builder's default agent. */
      id: z.optional(matching(/^[A-Za-z0-9_.-]+$/, 'an ssh id')),
      /** Owner of the agent socket. Default: the numeric USER in effect (see mountOwners), else root. */
      uid: z.optional(z.number().check(z.int(), z.nonnegative())),
      /** Group of the agent socket. */
      gid: z.optional(z.number().check(z.int(), z.nonnegative())),
      /** Cache phase. Default `deps`. */
      phase: z._default(phaseOption(), 'deps'),
    }),
  positional: 'command',
  example: "sshRun('go mod download', { knownHosts: ['github.com'] })",
  build: (opts) => {
    const scan =
      opts.knownHosts.length > 0
        ? ['mkdir -p -m 0700 ~/.ssh', `ssh-keyscan ${opts.knownHosts.join(' ')} >> ~/.ssh/known_hosts`]
        : [];
    return run(sh(...scan, ...commandList(opts.command)), {
      mounts: [
        {
          type: 'ssh',
          ...(opts.id !== undefined ? { id: opts.id } : {}),
          required: true,
          ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
          ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
        },
      ],
      phase: opts.phase,
    });
  },
});
