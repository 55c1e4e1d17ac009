import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { copy, env, run } from '../api/steps.js';
import { expand } from '../ir/text.js';
import { lazy } from '../schema/lazy.js';
import { contextFile, copyManifests, imagePath, matching, noDuplicates, options, toolVersion } from './shared.js';

const name = lazy(() => matching(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an extra or group name'));

/**
 * Installs a uv project's locked dependencies, without the project itself: copies `pyproject.toml`
 * and `uv.lock` and runs `uv sync --locked --no-install-project` with uv's cache as a cache mount
 * (`/root/.cache/uv`; `--link-mode=copy` because the cache is on another filesystem). Install the
 * project after copying the source, e.g. `run('uv sync --locked')`, or run it with `uv run`.
 *
 * With `version`, uv itself is copied from `ghcr.io/astral-sh/uv:<version>` in the `toolchain`
 * phase. `environment` (e.g. `/opt/venv`, to copy it to a runtime stage) is set with an ENV of
 * `UV_PROJECT_ENVIRONMENT`, `VIRTUAL_ENV` and `PATH`, so a later `uv sync` installs the project into
 * it and the container's `python` is its python; by default uv uses `.venv` in the working
 * directory (run the app with `uv run`, or put `.venv/bin` on PATH).
 *
 * @example
 * uvSync({ version: '0.5.11', omitDev: true })
 */
export const uvSync = defineFragment({
  name: 'uvSync',
  description: 'Installs locked dependencies with uv sync (manifests first, uv cache mount).',
  options: () =>
    options({
      /** `--no-dev`: leave out the dev dependency group. Default false. */
      omitDev: z._default(z.boolean(), false),
      /** Files copied before the install. Default `pyproject.toml`, `uv.lock`. */
      manifests: z._default(z.array(contextFile()).check(z.minLength(1)), ['pyproject.toml', 'uv.lock']),
      /** `--frozen` (use the lockfile as is) instead of `--locked` (fail if it is out of date). */
      frozen: z._default(z.boolean(), false),
      /** `--extra` names. */
      extras: z._default(z.array(name()), []),
      /** `--group` names. */
      groups: z._default(z.array(name()), []),
      /** `--compile-bytecode`: faster start-up, slower install. Default true. */
      compileBytecode: z._default(z.boolean(), true),
      /** uv's cache as a cache mount (default) or `--no-cache`. */
      cacheMount: z._default(z.boolean(), true),
      /** `UV_PROJECT_ENVIRONMENT`: where the environment is created. */
      environment: z.optional(imagePath()),
      /** Copy uv from `ghcr.io/astral-sh/uv:<version>` first. */
      version: z.optional(toolVersion()),
    }).check(z.superRefine((value, ctx) => noDuplicates(value.manifests, ctx, ['manifests']))),
  example: "uvSync({ version: '0.5.11', omitDev: true })",
  build: (opts) => {
    const args = [
      'uv',
      'sync',
      opts.frozen ? '--frozen' : '--locked',
      '--no-install-project',
      ...(opts.omitDev ? ['--no-dev'] : []),
      ...opts.extras.flatMap((extra) => ['--extra', extra]),
      ...opts.groups.flatMap((group) => ['--group', group]),
      ...(opts.compileBytecode ? ['--compile-bytecode'] : []),
      ...(opts.cacheMount ? ['--link-mode=copy'] : ['--no-cache']),
    ];
    return [
      opts.version !== undefined &&
        copy(['/uv', '/uvx'], '/usr/local/bin/', { from: `ghcr.io/astral-sh/uv:${opts.version}`, phase: 'toolchain' }),
      // An ENV, not a variable of the one RUN: the later `uv sync` that installs the project, and
      // the container, use the same environment, with its python first on PATH.
      opts.environment !== undefined &&
        env(
          {
            UV_PROJECT_ENVIRONMENT: opts.environment,
            VIRTUAL_ENV: opts.environment,
            PATH: expand(`${opts.environment}/bin:$PATH`),
          },
          { phase: 'toolchain' },
        ),
      copyManifests(opts.manifests, 'deps'),
      run(args.join(' '), { mounts: opts.cacheMount ? [cacheMount('/root/.cache/uv')] : [], phase: 'deps' }),
    ];
  },
});
