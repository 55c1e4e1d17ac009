import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { copy } from '../api/steps.js';
import {
  ACCOUNT_FILES,
  chmodSpec,
  chownNeedsAccounts,
  chownSpec,
  copyDest,
  copySource,
  optionalFirst,
  options,
} from './shared.js';

/**
 * Copies the application source into the image: `COPY . .` by default, in the `source` phase, so
 * the compiler keeps it after system packages, toolchains and dependency installs (an edit to the
 * source then reuses every layer before it) and before build steps. Keep a `.dockerignore` with
 * `node_modules`, `.git`, `.venv` and build outputs.
 *
 * With `chown` naming a user (not a numeric id) the COPY needs the user to exist: it declares it
 * reads `/etc/passwd` and `/etc/group`, so it stays after `nonRootUser()`. Several paths are copied
 * into a directory: the destination gets a trailing `/`.
 *
 * @example
 * copyApp()
 * copyApp(['src', 'pyproject.toml'], { dest: '/app/', chown: 'app:app' })
 */
export const copyApp = optionalFirst(
  defineFragment({
    name: 'copyApp',
    description: 'Copies the application source (COPY . . by default) in the source phase.',
    options: () =>
      options({
        /** Build-context paths (globs allowed). Default `['.']`. */
        paths: z._default(z.array(copySource()).check(z.minLength(1, 'no paths given')), ['.']),
        /** Destination, absolute or relative to the WORKDIR. Default `.`. */
        dest: z._default(copyDest(), '.'),
        /** `--chown=user[:group]`. */
        chown: z.optional(chownSpec()),
        /** `--chmod=0755`. */
        chmod: z.optional(chmodSpec()),
        /** `--exclude` patterns (needs `syntax: '1.19'`). */
        exclude: z.optional(z.array(copySource())),
      }),
    positional: 'paths',
    example: 'copyApp()',
    build: ({ paths, dest, chown, chmod, exclude }) =>
      copy(paths, paths.length > 1 && !dest.endsWith('/') ? `${dest}/` : dest, {
        phase: 'source',
        ...(chown !== undefined ? { chown } : {}),
        ...(chmod !== undefined ? { chmod } : {}),
        ...(exclude !== undefined ? { exclude } : {}),
        ...(chownNeedsAccounts(chown) ? { needs: [...ACCOUNT_FILES] } : {}),
      }),
  }),
);
