import { DslError } from '../errors.js';
import { captureCallSite } from '../ir/callSite.js';
import { deepFreeze } from '../ir/freeze.js';
import type { Stage } from '../ir/stage.js';
import type { CopyStep } from '../ir/steps.js';
import { isTrusted, markTrusted } from '../ir/trusted.js';

/** Where gate marker files live; the gated stage writes one after its last step. */
export const GATE_DIR = '/.dsl-gate';

/**
 * Makes `stage` (tests, lint, a security scan) a prerequisite of the stage this is used in.
 * BuildKit builds only the stages a target reaches, so a test stage nothing depends on would be
 * skipped silently; `gate` copies a marker file that the gated stage writes after its last step,
 * so building this target must build, and pass, the gated stage first. The copy is a 0-byte file
 * placed last, so a rerun of the tests does not invalidate this stage's other layers.
 */
export function gate(stage: Stage): CopyStep {
  const callSite = captureCallSite();
  if ((stage as { kind?: unknown } | undefined)?.kind !== 'stage') {
    throw new DslError(
      'gate() takes a stage value',
      { callSite, fragment: 'gate' },
      'pass the stage returned by stage()',
    );
  }
  const marker = `${GATE_DIR}/${stage.name}`;
  const step: CopyStep = {
    kind: 'copy',
    origin: callSite ? { fragment: 'gate', callSite } : { fragment: 'gate' },
    phase: 'metadata',
    independent: true,
    sources: [marker],
    dest: marker,
    from: stage,
    gate: true,
  };
  // Of a stage() value, the step is valid as made: trusted like the factories' steps, so validate
  // does not parse it again. Of a stage built some other way, validate checks both.
  return deepFreeze(isTrusted(stage) ? markTrusted(step) : step);
}
