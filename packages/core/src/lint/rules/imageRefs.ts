import { collectImageUses, type ImageUse } from '../../lock/collectImages.js';
import { hasVariable, parseImageRef } from '../../lock/imageRef.js';
import type { LintProblem } from '../types.js';

/** Image uses with a parsed reference, for the tag rules (variables and scratch skipped). */
export function parsedImageUses(
  build: Parameters<typeof collectImageUses>[0],
): (ImageUse & { tag?: string; digest?: string })[] {
  return collectImageUses(build).flatMap((use) => {
    if (hasVariable(use.image)) return [];
    const ref = parseImageRef(use.image);
    return ref
      ? [{ ...use, ...(ref.tag !== undefined ? { tag: ref.tag } : {}), ...(ref.digest ? { digest: ref.digest } : {}) }]
      : [];
  });
}

export function useLocation(use: ImageUse): Pick<LintProblem, 'callSite' | 'stage' | 'step' | 'fragment'> {
  return {
    ...(use.callSite ? { callSite: use.callSite } : {}),
    stage: use.stage,
    ...(use.step !== undefined ? { step: use.step } : {}),
    ...(use.fragment !== undefined ? { fragment: use.fragment } : {}),
  };
}

export function describeUse(use: ImageUse): string {
  return use.kind === 'from' ? 'base image' : use.kind === 'copy' ? 'COPY --from image' : 'mount image';
}
