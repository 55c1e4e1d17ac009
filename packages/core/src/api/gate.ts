import { DslError } from '../errors.js';
import { captureCallSite } from '../ir/callSite.js';
import { deepFreeze } from '../ir/freeze.js';
import type { Stage } from '../ir/stage.js';
import type { CopyStep } from '../ir/steps.js';
import { isTrusted, markTrusted } from '../ir/trusted.js';

/** Where gate marker files land in the stage that uses `gate()`. */
export const GATE_DIR = '/.dsl-gate';

/**
 * Where the gated stage writes its marker after its last step: /tmp, which every user may write
 * to, so a stage that ends as an unprivileged user (`nonRootUser()`) can write it too. (In `/` only
 * root could.) A file, not a directory per build: two gated stages may run as different users.
 */
export function gateMarkerSource(stageName: string): string {
  return `/tmp/.dsl-gate-${stageName}`;
}

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
  const step: CopyStep = {
    kind: 'copy',
    origin: callSite ? { fragment: 'gate', callSite } : { fragment: 'gate' },
    phase: 'metadata',
    independent: true,
    sources: [gateMarkerSource(stage.name)],
    dest: `${GATE_DIR}/${stage.name}`,
    from: stage,
    gate: true,
  };
  // Of a stage() value, the step is valid as made: trusted like the factories' steps, so validate
  // does not parse it again. Of a stage built some other way, validate checks both.
  return deepFreeze(isTrusted(stage) ? markTrusted(step) : step);
}
