import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { run } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { goMounts } from './go.js';
import { matching, optionalFirst, options } from './shared.js';

const goPattern = lazy(() =>
  matching(
    /^(\.|\.\/[A-Za-z0-9_./-]*|\.\/\.\.\.|[a-z0-9.-]+\.[a-z]+(\/[A-Za-z0-9_.~-]+)+(\/\.\.\.)?)$/,
    'a package pattern such as ./... or ./internal/...',
  ),
);
const runPattern = lazy(() =>
  matching(/^[A-Za-z0-9_^$|/.*+?()[\]-]+$/, 'a -run regular expression without spaces or quotes'),
);

/**
 * Runs `go test` in the `build` phase with the module and build caches mounted. Use it in a test
 * stage and `gate()` that stage from the runtime stage, so a plain `docker build` runs the tests.
 *
 * @example
 * goTest()
 * goTest({ packages: ['./internal/...'], race: true })
 */
export const goTest = optionalFirst(
  defineFragment({
    name: 'goTest',
    description: 'Runs go test with the module and build caches mounted.',
    options: () =>
      options({
        /** Package patterns. Default `./...`. */
        packages: z._default(z.array(goPattern()).check(z.minLength(1)), ['./...']),
        /** `-race` (needs cgo: sets CGO_ENABLED=1). Default false. */
        race: z._default(z.boolean(), false),
        /** `-run` regular expression. */
        run: z.optional(runPattern()),
        /** Module and build caches as cache mounts. Default true. */
        cacheMounts: z._default(z.boolean(), true),
      }),
    positional: 'packages',
    example: 'goTest()',
    build: (opts) => {
      const args = [
        ...(opts.race ? ['CGO_ENABLED=1'] : []),
        'go test',
        ...(opts.race ? ['-race'] : []),
        ...(opts.run !== undefined ? [`-run '${opts.run}'`] : []),
        ...opts.packages,
      ];
      return run(args.join(' '), { mounts: goMounts(opts.cacheMounts, true), phase: 'build' });
    },
  }),
);
