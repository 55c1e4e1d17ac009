import { posix } from 'node:path';
import type { ResolvedBuild } from '../ir/resolved.js';
import type { Step } from '../ir/steps.js';

/** One build-context path a step reads, as written, with the stage and step that read it. */
export interface ContextRead {
  readonly path: string;
  readonly stage: string;
  readonly step: Step;
}

const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;

/**
 * Every build-context path the build reads: COPY and ADD sources without `--from` (ADD URLs
 * excepted), bind mounts without `from`, and whatever steps declare in `reads`. ONBUILD steps are
 * left out: they read the context of the build that uses this image, not this one.
 */
export function contextReads(build: ResolvedBuild): ContextRead[] {
  const out: ContextRead[] = [];
  for (const stage of build.stages) {
    for (const step of stage.steps) {
      const paths = new Set<string>(step.reads ?? []);
      if (step.kind === 'copy' && step.from === undefined) for (const source of step.sources) paths.add(source);
      if (step.kind === 'add') for (const source of step.sources) if (!REMOTE.test(source)) paths.add(source);
      if (step.kind === 'run') {
        for (const mount of step.mounts) {
          if (mount.type === 'bind' && mount.from === undefined) paths.add(mount.source ?? '.');
        }
      }
      for (const path of paths) out.push({ path, stage: stage.name, step });
    }
  }
  return out;
}

/**
 * A context path as the builder resolves it: relative to the context root, `.`/`..` resolved and
 * clamped at the root (BuildKit joins sources under the root, so `../x` is `x`), no leading `/`,
 * no trailing `/`. The root itself is `''`.
 */
export function normalizeContextPath(path: string): string {
  return posix.normalize(`/${path}`).replace(/^\/+/, '').replace(/\/+$/, '');
}

/** `*`, `?`, `[` and `\` make a .dockerignore (and COPY) path a pattern. */
export function hasGlob(component: string): boolean {
  return /[*?[\\]/.test(component);
}
