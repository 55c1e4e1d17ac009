import type { RunStep, Step } from '../../ir/steps.js';
import { at, defineRule } from '../ruleHelpers.js';

function sameContext(a: RunStep, b: RunStep): boolean {
  return (
    a.command.form === 'shell' &&
    b.command.form === 'shell' &&
    a.network === b.network &&
    JSON.stringify(a.mounts) === JSON.stringify(b.mounts)
  );
}

/**
 * DL3059: two raw shell RUNs in a row with the same mounts make two layers where one would do.
 * RUNs made by fragments are left alone: fragments split RUNs on purpose (cache phases).
 */
export const consecutiveRuns = defineRule({
  id: 'DL3059',
  description: 'Consecutive run() steps with the same mounts should be one RUN (one layer): run(sh(a, b)).',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    build.stages.flatMap((stage) => {
      const problems = [];
      let previous: Step | undefined;
      for (const [i, step] of stage.steps.entries()) {
        if (step.kind === 'comment') continue;
        if (
          previous?.kind === 'run' &&
          step.kind === 'run' &&
          previous.origin.fragment === 'run' &&
          step.origin.fragment === 'run' &&
          sameContext(previous, step)
        ) {
          problems.push({
            ...at({ step, stage, index: i + 1 }),
            message: `RUN right after another RUN with the same mounts: two layers where one would do`,
            hint: "join them: run(sh('first command', 'second command')) runs them with && in one RUN",
          });
        }
        previous = step;
      }
      return problems;
    }),
});
