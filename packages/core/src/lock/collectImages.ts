import type { CallSite } from '../ir/origin.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import { isStage } from '../ir/stage.js';

/** One place a build pulls an image: a FROM, a `COPY --from` or a `RUN --mount=...,from=`. */
export interface ImageUse {
  readonly image: string;
  readonly kind: 'from' | 'copy' | 'mount';
  readonly stage: string;
  /** 1-based step index for COPY and RUN uses. */
  readonly step?: number;
  readonly fragment?: string;
  readonly callSite?: CallSite;
}

/** Every image the build uses, in emission order (`scratch` is not an image). */
export function collectImageUses(build: ResolvedBuild): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const stage of build.stages) {
    if ('image' in stage.from && stage.from.image !== 'scratch') {
      uses.push({
        image: stage.from.image,
        kind: 'from',
        stage: stage.name,
        fragment: stage.origin.fragment,
        ...(stage.origin.callSite ? { callSite: stage.origin.callSite } : {}),
      });
    }
    stage.steps.forEach((step, index) => {
      const where = {
        stage: stage.name,
        step: index + 1,
        fragment: step.origin.fragment,
        ...(step.origin.callSite ? { callSite: step.origin.callSite } : {}),
      };
      if (step.kind === 'copy' && typeof step.from === 'string' && !isStage(step.from)) {
        uses.push({ image: step.from, kind: 'copy', ...where });
      }
      if (step.kind === 'run') {
        for (const mount of step.mounts) {
          if ('from' in mount && typeof mount.from === 'string')
            uses.push({ image: mount.from, kind: 'mount', ...where });
        }
      }
    });
  }
  return uses;
}

/** The distinct image references a build uses, sorted. */
export function collectImages(build: ResolvedBuild): string[] {
  return [...new Set(collectImageUses(build).map((use) => use.image))].sort();
}
