import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { contextFile, copyManifests, matching, noDuplicates, options, shellQuote, shellWord } from './shared.js';

/**
 * A PEP 508 requirement without spaces or environment markers: `flask`, `flask==3.0.3`,
 * `uvicorn[standard]>=0.30,<1`, or `name@https://...`. Quoted for the shell when needed.
 */
const requirement = lazy(() =>
  matching(
    /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?(((===|==|!=|~=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+)(,(===|==|!=|~=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+)*|@(git\+)?https?:\/\/[A-Za-z0-9._~:/?#@!&+,;=%-]+)?$/,
    'a requirement such as flask, flask==3.0.3 or uvicorn[standard]>=0.30 (no spaces or markers: use a requirements file)',
  ),
);

/** An index URL without credentials: those belong in a secret (see secretRun). */
const indexUrl = lazy(() =>
  matching(
    /^https?:\/\/(?![^/]*@)[A-Za-z0-9._~:/?#!&+,;=%-]+$/,
    'an http(s) URL without user:password@ (pass credentials with secretRun and a pip.conf secret)',
  ),
);

/**
 * Installs Python packages with pip, from requirements files, a list of packages, or both.
 *
 * Requirements (and constraints) files are copied first, keeping their relative paths, and
 * installed in the `deps` phase, so editing the source does not reinstall. pip's cache is a cache
 * mount (`/root/.cache/pip`); with `cacheMount: false` pip runs with `--no-cache-dir` instead.
 *
 * @example
 * pipInstall({ requirements: 'requirements.txt' })
 * pipInstall(['gunicorn==22.0.0'])
 * pipInstall({ requirements: ['requirements/base.txt', 'requirements/prod.txt'], constraints: 'constraints.txt' })
 */
export const pipInstall = defineFragment({
  name: 'pipInstall',
  description: 'Installs Python packages with pip: requirements copied first, pip cache mount.',
  options: () =>
    options({
      /** Requirement specifiers to install (in addition to any requirements files). */
      packages: z._default(z.array(requirement()), []),
      /** Requirements file(s) in the build context, installed with `-r`. */
      requirements: z.optional(z.union([contextFile(), z.array(contextFile())])),
      /** A constraints file in the build context (`-c`). */
      constraints: z.optional(contextFile()),
      /** pip's cache as a cache mount (default) or `--no-cache-dir`. */
      cacheMount: z._default(z.boolean(), true),
      /** `--index-url`, without credentials. */
      indexUrl: z.optional(indexUrl()),
      /** The pip command. Default `pip`; e.g. `pip3` or `/opt/venv/bin/pip`. */
      pip: z._default(shellWord('a pip command such as pip3 or /opt/venv/bin/pip'), 'pip'),
    }).check(
      z.superRefine((value, ctx) => {
        const files = typeof value.requirements === 'string' ? [value.requirements] : (value.requirements ?? []);
        if (value.packages.length === 0 && files.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['packages'], message: 'give packages, requirements, or both' });
        }
        if (Array.isArray(value.requirements)) noDuplicates(value.requirements, ctx, ['requirements']);
      }),
    ),
  positional: 'packages',
  example: "pipInstall({ requirements: 'requirements.txt' })",
  build: (opts) => {
    const requirements = typeof opts.requirements === 'string' ? [opts.requirements] : [...(opts.requirements ?? [])];
    const manifests = [...requirements, ...(opts.constraints !== undefined ? [opts.constraints] : [])];
    const args = [
      opts.pip,
      'install',
      ...(opts.cacheMount ? [] : ['--no-cache-dir']),
      ...(opts.indexUrl !== undefined ? ['--index-url', shellQuote(opts.indexUrl)] : []),
      ...(opts.constraints !== undefined ? ['-c', opts.constraints] : []),
      ...requirements.flatMap((file) => ['-r', file]),
      ...opts.packages.map(shellQuote),
    ];
    return [
      copyManifests([...new Set(manifests)], 'deps'),
      run(args.join(' '), {
        mounts: opts.cacheMount ? [cacheMount('/root/.cache/pip')] : [],
        phase: 'deps',
      }),
    ];
  },
});
