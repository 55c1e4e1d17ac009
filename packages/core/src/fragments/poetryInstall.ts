import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { contextFile, copyManifests, matching, noDuplicates, options, toolVersion } from './shared.js';

const name = lazy(() => matching(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an extra or group name'));

/**
 * Installs a Poetry project's locked dependencies, without the project itself (`--no-root`):
 * copies `pyproject.toml` and `poetry.lock`, then `poetry install` with Poetry's cache as a cache
 * mount (`/root/.cache/pypoetry`).
 *
 * Poetry would create its virtualenv inside that cache directory, that is inside the cache mount,
 * where it would not be part of the image. So by default `virtualenv: 'none'` installs into the
 * current environment (`POETRY_VIRTUALENVS_CREATE=false`: the system Python, or the venv of
 * `pythonVenv()`); `virtualenv: 'in-project'` creates `.venv` in the working directory.
 *
 * With `version`, Poetry itself is installed with pip first (`toolchain` phase).
 *
 * @example
 * poetryInstall({ version: '1.8.3', omitDev: true })
 */
export const poetryInstall = defineFragment({
  name: 'poetryInstall',
  description: 'Installs locked dependencies with poetry install --no-root (manifests first, cache mount).',
  options: () =>
    options({
      /** `--only main`: leave out dev and other groups. Default false. */
      omitDev: z._default(z.boolean(), false),
      /** Files copied before the install. Default `pyproject.toml`, `poetry.lock`. */
      manifests: z._default(z.array(contextFile()).check(z.minLength(1)), ['pyproject.toml', 'poetry.lock']),
      /** Optional groups to add (`--with`, or added to `--only` with omitDev). */
      groups: z._default(z.array(name()), []),
      /** `--extras` names (one flag each). */
      extras: z._default(z.array(name()), []),
      /** Where packages go: the current environment (default) or `.venv` in the working directory. */
      virtualenv: z._default(z.enum(['none', 'in-project']), 'none'),
      /** Poetry's cache as a cache mount (default) or `--no-cache`. */
      cacheMount: z._default(z.boolean(), true),
      /** Install this Poetry version with pip first. */
      version: z.optional(toolVersion()),
    }).check(z.superRefine((value, ctx) => noDuplicates(value.manifests, ctx, ['manifests']))),
  example: "poetryInstall({ version: '1.8.3', omitDev: true })",
  build: (opts) => {
    const pipCache = opts.cacheMount ? [cacheMount('/root/.cache/pip')] : [];
    const groups = opts.omitDev
      ? ['--only', ['main', ...opts.groups].join(',')]
      : opts.groups.length > 0
        ? ['--with', opts.groups.join(',')]
        : [];
    const args = [
      opts.virtualenv === 'none' ? 'POETRY_VIRTUALENVS_CREATE=false' : 'POETRY_VIRTUALENVS_IN_PROJECT=true',
      'poetry',
      'install',
      '--no-root',
      '--no-interaction',
      '--no-ansi',
      ...groups,
      ...opts.extras.flatMap((extra) => ['--extras', extra]),
      ...(opts.cacheMount ? [] : ['--no-cache']),
    ];
    return [
      opts.version !== undefined &&
        run(`pip install${opts.cacheMount ? '' : ' --no-cache-dir'} poetry==${opts.version}`, {
          mounts: pipCache,
          phase: 'toolchain',
        }),
      copyManifests(opts.manifests, 'deps'),
      run(args.join(' '), { mounts: opts.cacheMount ? [cacheMount('/root/.cache/pypoetry')] : [], phase: 'deps' }),
    ];
  },
});
