import fc from 'fast-check';
import { PHASES, type Phase, type Step } from '../../src/index.js';

const PATHS = ['/app', '/app/src', '/venv', '/out', '/etc/conf'];
const ARG_NAMES = ['TARGETOS', 'TARGETARCH', 'VERSION'];

/** Random steps covering every ordering rule: phases, anchored steps, environment steps, files. */
export const stepArbitrary: fc.Arbitrary<Step> = fc
  .record({
    kind: fc.constantFrom('run', 'run', 'run', 'env', 'arg', 'workdir', 'label', 'comment', 'copy'),
    phase: fc.option(fc.constantFrom(...PHASES), { nil: undefined }),
    independent: fc.boolean(),
    // Names the ARG steps below set: a step may declare it reads none of some of them.
    ignoresVariables: fc.option(fc.subarray(ARG_NAMES, { minLength: 1 }), { nil: undefined, freq: 2 }),
    needs: fc.option(fc.subarray(PATHS, { maxLength: 2 }), { nil: undefined }),
    writes: fc.option(fc.subarray(PATHS, { maxLength: 2 }), { nil: undefined }),
    id: fc.nat(1_000_000),
    // Steps of one fragment call share one origin object (see flatten.ts); most steps have their own.
    call: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined, freq: 3 }),
  })
  .map(({ kind, phase, independent, ignoresVariables, needs, writes, id, call }) =>
    makeStep(kind, { phase, independent, ignoresVariables, needs, writes }, id, call),
  );

/** The origins of three fragment calls, shared by the steps the arbitrary gives to each. */
export const SHARED_ORIGINS = [0, 1, 2].map((call) => Object.freeze({ fragment: `call${call}` }));

function makeStep(
  kind: string,
  meta: {
    phase: Phase | undefined;
    independent: boolean;
    ignoresVariables?: string[] | undefined;
    needs?: string[] | undefined;
    writes?: string[] | undefined;
  },
  id: number,
  call: number | undefined,
): Step {
  const origin = call === undefined ? { fragment: `f${id}` } : (SHARED_ORIGINS[call] as Step['origin']);
  const base = {
    origin,
    ...(meta.phase ? { phase: meta.phase } : {}),
    ...(meta.needs?.length ? { needs: meta.needs } : {}),
    ...(meta.writes?.length ? { writes: meta.writes } : {}),
  };
  switch (kind) {
    case 'env':
      return { kind: 'env', ...base, vars: [[`V${id}`, 'x']] };
    case 'arg':
      return { kind: 'arg', ...base, name: ARG_NAMES[id % ARG_NAMES.length] as string };
    case 'workdir':
      return { kind: 'workdir', ...base, path: `/w${id}` };
    case 'label':
      return { kind: 'label', ...base, independent: meta.independent, labels: [[`l${id}`, 'v']] };
    case 'comment':
      return { kind: 'comment', origin, text: `c${id}` };
    case 'copy':
      return { kind: 'copy', ...base, sources: [`s${id}`], dest: '/app/' };
    default:
      return {
        kind: 'run',
        ...base,
        ...(meta.independent ? { independent: true } : {}),
        ...(meta.ignoresVariables ? { ignoresVariables: meta.ignoresVariables } : {}),
        command: { form: 'shell', commands: [`echo ${id}`] },
        mounts: [],
      };
  }
}

export const stepsArbitrary = fc.array(stepArbitrary, { maxLength: 14 });

/** A step without what the passes add, to compare steps across runs. */
export function withoutTrace(step: Step): Step {
  const { trace: _trace, ...rest } = step;
  return rest as Step;
}
