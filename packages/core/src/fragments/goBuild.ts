import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { arg, run } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { goMounts } from './go.js';
import { imagePath, matching, optionalFirst, options, shellWord } from './shared.js';

const goPackage = lazy(() =>
  matching(
    /^(\.|\.\/[A-Za-z0-9_./-]*|[a-z0-9.-]+\.[a-z]+(\/[A-Za-z0-9_.~-]+)+)$/,
    'a package path such as ., ./cmd/app or example.com/app/cmd/app',
  ),
);
const ldflags = lazy(() =>
  z.string().check(
    z.refine((value) => /^[A-Za-z0-9 _=./:,+@-]*$/.test(value), {
      error: (issue) => `${JSON.stringify(issue.input)} is not linker flags of letters, digits, spaces and _=./:,+@-`,
    }),
  ),
);

/**
 * Builds a Go binary in the `build` phase: `go build -trimpath -ldflags='-s -w' -o /out/app .`
 * with the module cache (`/go/pkg/mod`) and the build cache (`/root/.cache/go-build`) as cache
 * mounts, and `CGO_ENABLED=0` by default, so the binary is static and runs on `scratch` or
 * distroless. Copy it to the runtime stage with `copyArtifacts(builder, ['/out/app'], '/app')`.
 *
 * `targetPlatform: true` cross-compiles for `docker build --platform`: it declares
 * `ARG TARGETOS` and `ARG TARGETARCH` and sets `GOOS`/`GOARCH` from them (build the stage on
 * `$BUILDPLATFORM`).
 *
 * @example
 * goBuild({ package: './cmd/server', output: '/out/server', ldflags: '-s -w -X main.version=1.2.3' })
 */
export const goBuild = optionalFirst(
  defineFragment({
    name: 'goBuild',
    description: 'go build with module and build cache mounts, CGO_ENABLED=0, -trimpath and an output path.',
    options: () =>
      options({
        /** The package to build. Default `.`. */
        package: z._default(goPackage(), '.'),
        /** Where the binary goes (absolute). Default `/out/app`. */
        output: z._default(imagePath(), '/out/app'),
        /** `-ldflags`. Default `-s -w` (no symbol table or DWARF). Empty string: none. */
        ldflags: z._default(ldflags(), '-s -w'),
        /** `-tags`. */
        tags: z._default(z.array(shellWord('a build tag')), []),
        /** `-trimpath`. Default true (reproducible paths). */
        trimpath: z._default(z.boolean(), true),
        /** `CGO_ENABLED=1`. Default false: a static binary. */
        cgo: z._default(z.boolean(), false),
        /** Set GOOS/GOARCH from the TARGETOS/TARGETARCH build args. Default false. */
        targetPlatform: z._default(z.boolean(), false),
        /** Module and build caches as cache mounts. Default true. */
        cacheMounts: z._default(z.boolean(), true),
      }),
    positional: 'package',
    example: "goBuild({ package: './cmd/server', output: '/out/server' })",
    build: (opts) => {
      const args = [
        `CGO_ENABLED=${opts.cgo ? 1 : 0}`,
        ...(opts.targetPlatform ? ['GOOS=$TARGETOS', 'GOARCH=$TARGETARCH'] : []),
        'go build',
        ...(opts.trimpath ? ['-trimpath'] : []),
        ...(opts.tags.length > 0 ? [`-tags=${opts.tags.join(',')}`] : []),
        ...(opts.ldflags.trim() !== '' ? [`-ldflags='${opts.ldflags.trim()}'`] : []),
        `-o ${opts.output}`,
        opts.package,
      ];
      return [
        opts.targetPlatform && [
          arg('TARGETOS', undefined, { phase: 'build' }),
          arg('TARGETARCH', undefined, { phase: 'build' }),
        ],
        run(args.join(' '), { mounts: goMounts(opts.cacheMounts, true), phase: 'build', writes: [opts.output] }),
      ];
    },
  }),
);
