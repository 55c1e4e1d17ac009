import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { copy } from '../api/steps.js';
import type { FragmentNode, Stage } from '../ir/stage.js';
import { isStage } from '../ir/stage.js';
import { lazy } from '../schema/lazy.js';
import { ACCOUNT_FILES, chmodSpec, chownNeedsAccounts, chownSpec, copyDest, matching, options } from './shared.js';

const artifactPath = lazy(() =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters on purpose
  matching(/^\/[^\u0000-\u001f\u007f]*$/, 'an absolute path in the source stage (such as /out/app)'),
);
const imageRef = lazy(() =>
  matching(/^[a-z0-9][a-z0-9._/:@-]*$/, 'a stage value or an image reference such as ghcr.io/org/tool:1.2'),
);

const schema = lazy(() =>
  options({
    /** The stage (value) or image to copy from. */
    from: z.union([
      z.custom<Stage>((value) => isStage(value), { message: 'expected a stage value or an image name' }),
      imageRef(),
    ]),
    /** Absolute paths in that stage. */
    paths: z.union([artifactPath(), z.array(artifactPath()).check(z.minLength(1, 'no paths given'))]),
    /** Destination in this stage; a directory (with a trailing `/`) for several paths. */
    dest: copyDest(),
    /** `--chown=user[:group]`. */
    chown: z.optional(chownSpec()),
    /** `--chmod=0755`. */
    chmod: z.optional(chmodSpec()),
    /**
     * Cache phase. Default `build` (outputs that change with the source); use `deps` for installed
     * dependencies (a virtualenv, node_modules) so they come before the app source in the runtime.
     */
    phase: z._default(z.enum(['toolchain', 'deps', 'build']), 'build'),
  }),
);

type CopyArtifactsOptions = z.input<ReturnType<typeof schema>>;

const define = defineFragment({
  name: 'copyArtifacts',
  description: 'Copies build outputs from another stage (COPY --from) in the build phase.',
  options: schema,
  example: "copyArtifacts(builder, ['/out/app'], '/usr/local/bin/')",
  build: ({ from, paths, dest, chown, chmod, phase }) => {
    const list = typeof paths === 'string' ? [paths] : paths;
    const target = list.length > 1 && !dest.endsWith('/') ? `${dest}/` : dest;
    return copy(list, target, {
      from,
      phase,
      ...(chown !== undefined ? { chown } : {}),
      ...(chmod !== undefined ? { chmod } : {}),
      ...(target.startsWith('/') ? { writes: [target] } : {}),
      ...(chownNeedsAccounts(chown) ? { needs: [...ACCOUNT_FILES] } : {}),
    });
  },
});

/**
 * Copies build outputs from another stage (or an image) into this one: `COPY --from=builder`.
 * In the `build` phase: what it copies changes whenever the source does, so it goes after system
 * packages and user setup. It declares the destination as written, so steps that need it stay
 * after it. With `chown` naming a user it also stays after `nonRootUser()`.
 *
 * @example
 * copyArtifacts(builder, ['/out/app'], '/usr/local/bin/')
 * copyArtifacts(builder, '/opt/venv', '/opt/venv', { phase: 'deps' })
 * copyArtifacts({ from: builder, paths: ['/app/dist'], dest: '/app/dist', chown: 'app:app' })
 */
export const copyArtifacts: {
  (
    from: Stage | string,
    paths: string | readonly string[],
    dest: string,
    options?: Omit<CopyArtifactsOptions, 'from' | 'paths' | 'dest'>,
  ): FragmentNode;
  (options: CopyArtifactsOptions): FragmentNode;
  readonly fragment: typeof define.fragment;
} = Object.assign(
  (first: Stage | string | CopyArtifactsOptions, paths?: string | readonly string[], dest?: string, rest?: object) =>
    typeof first === 'object' && !isStage(first)
      ? define(first)
      : define({ ...rest, from: first, paths: paths as string | string[], dest: dest as string }),
  { fragment: define.fragment },
);
