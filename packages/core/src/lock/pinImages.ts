import { DslError } from '../errors.js';
import type { ResolvedBuild, ResolvedStage } from '../ir/resolved.js';
import { isStage } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';
import { hasVariable, parseImageRef } from './imageRef.js';
import { type ImageLock, LOCK_FILE_NAME } from './lockfile.js';

export interface PinImagesOptions {
  readonly lock: ImageLock;
  /** Fail on an image the lock does not hold instead of leaving it unpinned. */
  readonly frozen?: boolean;
}

type Where = ConstructorParameters<typeof DslError>[1];

/**
 * Rewrites every image reference (FROM, `COPY --from`, mount `from`) to `name:tag@sha256:...` from
 * the lock. References already pinned by digest, and references built from variables (which no
 * lock can resolve), are left as written. Pure: returns a new build.
 */
export function pinImages(build: ResolvedBuild, options: PinImagesOptions): ResolvedBuild {
  const pin = (image: string, where: Where): string => {
    if (image === 'scratch' || hasVariable(image) || parseImageRef(image)?.digest !== undefined) return image;
    const entry = Object.hasOwn(options.lock.images, image) ? options.lock.images[image] : undefined;
    if (entry) return `${image}@${entry.digest}`;
    if (options.frozen) {
      throw new DslError(
        `image "${image}" is not in ${LOCK_FILE_NAME} (--frozen-lock)`,
        where,
        `run "dsl lock" to resolve it and commit ${LOCK_FILE_NAME}`,
      );
    }
    return image;
  };
  const stages = build.stages.map((stage): ResolvedStage => {
    const stageWhere = { stage: stage.name, callSite: stage.origin.callSite, fragment: stage.origin.fragment };
    const from = 'image' in stage.from ? { image: pin(stage.from.image, stageWhere) } : stage.from;
    const steps = stage.steps.map((step, index) =>
      pinStep(step, (image) =>
        pin(image, {
          stage: stage.name,
          step: index + 1,
          fragment: step.origin.fragment,
          callSite: step.origin.callSite,
        }),
      ),
    );
    return { ...stage, from, steps };
  });
  return { ...build, stages };
}

function pinStep(step: Step, pin: (image: string) => string): Step {
  if (step.kind === 'copy' && typeof step.from === 'string' && !isStage(step.from)) {
    const from = pin(step.from);
    return from === step.from ? step : { ...step, from };
  }
  if (step.kind === 'run' && step.mounts.some((mount) => 'from' in mount && typeof mount.from === 'string')) {
    let changed = false;
    const mounts = step.mounts.map((mount) => {
      if (!('from' in mount) || typeof mount.from !== 'string') return mount;
      const from = pin(mount.from);
      if (from === mount.from) return mount;
      changed = true;
      return { ...mount, from };
    });
    return changed ? { ...step, mounts } : step;
  }
  return step;
}
