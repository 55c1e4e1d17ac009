/**
 * How `dsl init` gives a Node prod stage its files without the dev dependencies. The install in
 * `base` keeps them (the build and the tests need them), and pruning in a stage built on it removes
 * nothing from the image: the layer of the full install stays underneath. So prod starts from a
 * fresh image and copies in what it runs.
 */
import type { NodeProject } from './detect.js';

export type NodeRuntime =
  /**
   * Production dependencies from an install of their own (`node_modules`), then the app, then the
   * build's output directory when there is a build: separate layers, so a source edit ships only
   * the app layer.
   */
  | { readonly kind: 'split'; readonly buildOutput: string | undefined }
  /** A build whose output directory is not known: /app of the built stage, pruned, in one layer. */
  | { readonly kind: 'pruned' }
  /**
   * Yarn Plug'n'Play: no node_modules to copy, and `yarn` itself runs the app. Prod stays on the
   * base stage with the dev dependencies pruned.
   */
  | { readonly kind: 'inPlace' };

/** Top directories a build output cannot be: the source tree's own, or dependencies. */
const NOT_AN_OUTPUT = new Set(['.', '..', 'node_modules', 'src']);

export function nodeRuntime(project: NodeProject): NodeRuntime {
  if (!project.nodeModules) return { kind: 'inPlace' };
  if (project.scripts['build'] === undefined) return { kind: 'split', buildOutput: undefined };
  const output = buildOutputDir(project);
  return output === undefined ? { kind: 'pruned' } : { kind: 'split', buildOutput: output };
}

/**
 * The directory the build writes, read from the file prod runs: `node dist/server.js` runs the
 * build's `dist`. A file at the top (or in src/) says nothing about where the build writes.
 */
function buildOutputDir(project: NodeProject): string | undefined {
  if (project.entry.kind !== 'node') return undefined;
  const script = project.entry.argv.slice(1).find((word) => !word.startsWith('-'));
  const parts = script?.split('/') ?? [];
  const top = parts[0];
  if (parts.length < 2 || top === undefined || NOT_AN_OUTPUT.has(top)) return undefined;
  return top;
}
