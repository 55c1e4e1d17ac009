import * as z from 'zod/mini';
import { flatStage } from '../compiler/flatten.js';
import { captureCallSite } from '../ir/callSite.js';
import { deepFreeze } from '../ir/freeze.js';
import type { Stage } from '../ir/stage.js';
import { markTrusted } from '../ir/trusted.js';
import { reportStageCreated } from '../lint/observeStages.js';
import { lazy } from '../schema/lazy.js';
import { parseOrThrow } from '../schema/parse.js';
import { strictObject } from '../schema/strictObject.js';
import { type Fragment, normalizeFragments } from './fragment.js';
import { reportedCallSite } from './fragmentBuilds.js';

export interface StageOptions {
  /** An image (`python:3.12`) or a stage value to build on. */
  readonly from: string | Stage;
  /** `--platform` for FROM, e.g. `$BUILDPLATFORM` for cross-compiling builder stages. */
  readonly platform?: string;
}

const nameSchema = lazy(() => z.string().check(z.minLength(1, 'a stage needs a name')));

const optionsSchema = lazy(() =>
  strictObject({
    from: z.union([
      z.string().check(z.minLength(1, 'the image name is empty')),
      z.custom<Stage>((value) => (value as { kind?: unknown } | null)?.kind === 'stage', {
        message: 'expected an image name or a stage value',
      }),
    ]),
    platform: z.optional(z.string().check(z.minLength(1))),
  }),
);

/** A build stage: `FROM <from> AS <name>` followed by the steps its fragments produce. */
export function stage(name: string, options: StageOptions, fragments: readonly Fragment[] = []): Stage {
  const ownCallSite = captureCallSite();
  // Its own line for an invalid argument (defineFragment then says where in the library it was
  // raised); for what the compiler finds later, the line of the config that called the library.
  const callSite = reportedCallSite(ownCallSite);
  const location = { callSite: ownCallSite, stage: typeof name === 'string' ? name : undefined, fragment: 'stage' };
  parseOrThrow(nameSchema(), name, location, 'stage name', 'name');
  const parsed = parseOrThrow(optionsSchema(), options, location, `options of stage "${name}"`);
  const items = normalizeFragments(Array.isArray(fragments) ? fragments : [fragments as Fragment], `stage "${name}"`);
  const created: Stage = deepFreeze(
    markTrusted({
      kind: 'stage',
      name,
      from: parsed.from,
      ...(parsed.platform !== undefined ? { platform: parsed.platform } : {}),
      items,
      origin: callSite ? { fragment: 'stage', callSite } : { fragment: 'stage' },
    }),
  );
  // Flattened now, while its steps are in the CPU's caches (they were just made); kept per frozen
  // stage, so the compiler finds it. Left to the compiler's first walk, in a large build each step
  // is read back from memory (three A/B runs, 10,000 stages: medians 210-243 ms against 239-281).
  flatStage(created);
  reportStageCreated(created);
  return created;
}
