import { defineConfig } from '../api/defineConfig.js';
import type { Fragment } from '../api/fragment.js';
import { stage } from '../api/stage.js';
import { compile } from '../compiler/compile.js';
import { flattenStage } from '../compiler/flatten.js';
import { GENERATED_HEADER } from '../emit/emitDockerfile.js';
import type { Config, SyntaxLevel } from '../ir/config.js';
import type { Stage } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';

export interface RenderFragmentOptions {
  /** The image the throwaway stage builds on. Default `debian:bookworm-slim`. */
  readonly from?: string | Stage;
  /** Frontend level, for fragments that use features beyond the engine's built-in frontend. */
  readonly syntax?: SyntaxLevel;
  /** Name of the throwaway stage. Default `test`. */
  readonly stageName?: string;
  /** Built-in optimisations to switch off, as in `defineConfig({ optimize })`. All on by default. */
  readonly optimize?: Config['optimize'];
}

function throwawayStage(fragment: Fragment, options: RenderFragmentOptions): Stage {
  return stage(options.stageName ?? 'test', { from: options.from ?? 'debian:bookworm-slim' }, [fragment]);
}

/**
 * Compiles a fragment in a throwaway stage and returns the Dockerfile text from its `FROM` line on,
 * without the generated header or the `# syntax=` directive. The full compiler runs (validation,
 * ordering, merging, emission), so the text is what a config using the fragment would get.
 *
 * Stages the fragment references (`copyArtifacts(builder, ...)`) are emitted before it, as in a
 * real build.
 *
 * @example
 * expect(renderFragment(aptInstall(['curl']))).toMatchFileSnapshot('./__golden__/aptInstall.Dockerfile');
 */
export function renderFragment(fragment: Fragment, options: RenderFragmentOptions = {}): string {
  const target = throwawayStage(fragment, options);
  const config = defineConfig({
    targets: [target],
    ...(options.syntax !== undefined ? { syntax: options.syntax } : {}),
    ...(options.optimize !== undefined ? { optimize: options.optimize } : {}),
  });
  const { dockerfile } = compile(config);
  return stripHeader(dockerfile);
}

/** The Dockerfile without its `# syntax=` directive and the generated header comment block. */
function stripHeader(dockerfile: string): string {
  const lines = dockerfile.split('\n');
  let index = 0;
  if (lines[index]?.startsWith('# syntax=')) index++;
  while (lines[index] === '') index++;
  if (lines[index]?.startsWith(GENERATED_HEADER)) {
    while (lines[index]?.startsWith('#')) index++;
  }
  while (lines[index] === '') index++;
  return lines.slice(index).join('\n');
}

/**
 * The steps a fragment produces, flattened as the compiler sees them before any pass runs, with
 * their ordering metadata (`phase`, `reads`, `writes`, `needs`, `independent`, `merge`). For
 * metadata tests: `expect(fragmentSteps(npmCi()).map((s) => [s.kind, s.phase]))`.
 */
export function fragmentSteps(fragment: Fragment, options: Pick<RenderFragmentOptions, 'from'> = {}): readonly Step[] {
  return flattenStage(throwawayStage(fragment, options));
}
