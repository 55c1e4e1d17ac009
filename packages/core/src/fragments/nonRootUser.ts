import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run, sh, user } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { ACCOUNT_FILES, imagePath, matching, options } from './shared.js';

const accountName = lazy(() =>
  matching(/^[a-z_][a-z0-9_-]{0,31}$/, 'a user or group name (lower case, up to 32 characters)'),
);
const id = lazy(() => z.number().check(z.int(), z.minimum(1, 'use a non-zero id (0 is root)'), z.maximum(2147483647)));

/**
 * Creates a system user and group with fixed ids (default `app`, uid and gid 10001: above the
 * ranges host accounts use) and switches to it with `USER 10001:10001`. The numeric form lets
 * Kubernetes' `runAsNonRoot` verify the user without reading `/etc/passwd`.
 *
 * The account is created in the `system` phase (it rarely changes, so it goes before dependency
 * installs). The USER step is in the `metadata` phase but, like every USER, it is an ordering
 * barrier that keeps its written place: put `nonRootUser()` after the steps that need root
 * (installs, builds, `copyApp()`), typically just before EXPOSE/CMD. Use `copyApp({ chown: 'app' })`
 * for files the app must write.
 *
 * `os: 'alpine'` uses BusyBox `addgroup`/`adduser` instead of `groupadd`/`useradd`.
 *
 * @example
 * nonRootUser()
 * nonRootUser({ name: 'web', uid: 1000, home: '/srv/web', os: 'alpine' })
 */
export const nonRootUser = defineFragment({
  name: 'nonRootUser',
  description: 'Creates a user and group with fixed ids and switches to it (USER uid:gid).',
  options: () =>
    options({
      /** User name. Default `app`. */
      name: z._default(accountName(), 'app'),
      /** Group name. Default: the user name. */
      group: z.optional(accountName()),
      /** User id. Default 10001. */
      uid: z._default(id(), 10001),
      /** Group id. Default: the uid. */
      gid: z.optional(id()),
      /** Home directory (created), or false for none. Default `/home/<name>`. */
      home: z.optional(z.union([imagePath(), z.literal(false)])),
      /** Login shell. Default `/usr/sbin/nologin` (Debian) or `/sbin/nologin` (Alpine). */
      shell: z.optional(imagePath()),
      /** `debian` (groupadd/useradd, default) or `alpine` (BusyBox addgroup/adduser). */
      os: z._default(z.enum(['debian', 'alpine']), 'debian'),
      /** Emit `USER uid:gid` after creating the account. Default true. */
      switchUser: z._default(z.boolean(), true),
    }),
  example: 'nonRootUser()',
  build: (opts) => {
    const group = opts.group ?? opts.name;
    const gid = opts.gid ?? opts.uid;
    const home = opts.home ?? `/home/${opts.name}`;
    const commands =
      opts.os === 'debian'
        ? [
            `groupadd --system --gid ${gid} ${group}`,
            [
              `useradd --system --uid ${opts.uid} --gid ${group} --no-log-init`,
              home === false ? '--no-create-home --home-dir /nonexistent' : `--create-home --home-dir ${home}`,
              `--shell ${opts.shell ?? '/usr/sbin/nologin'} ${opts.name}`,
            ].join(' '),
          ]
        : [
            `addgroup -S -g ${gid} ${group}`,
            [
              `adduser -S -D -u ${opts.uid} -G ${group}`,
              home === false ? '-H -h /nonexistent' : `-h ${home}`,
              `-s ${opts.shell ?? '/sbin/nologin'} ${opts.name}`,
            ].join(' '),
          ];
    return [
      run(sh(...commands), {
        phase: 'system',
        writes: [...ACCOUNT_FILES, ...(home === false ? [] : [home])],
      }),
      opts.switchUser && user(String(opts.uid), String(gid), { phase: 'metadata' }),
    ];
  },
});
