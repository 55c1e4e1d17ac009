import { DslError } from '../errors.js';
import type { ResolvedBuild, ResolvedStage } from '../ir/resolved.js';
import type { Step } from '../ir/steps.js';
import { isTrusted } from '../ir/trusted.js';
import { stepSchema } from '../schema/ir.js';
import { parseOrThrow } from '../schema/parse.js';
import type { CompilerPass } from './pass.js';

const HINT =
  'make steps with the factories of @dockerdsl/core (run(), copy(), label()...), and return a new build with every stage and its steps';

/**
 * Checks what a plugin's pass returned, before the next pass or the emitter reads it: validate
 * checked the config, not what a plugin adds afterwards, and a hand-made step would otherwise crash
 * the emitter with a TypeError naming nothing. Only the steps the pass did not receive are parsed
 * (built-in passes copy steps, which loses their trusted mark), so a plugin that reorders costs
 * little.
 */
export function checkPassOutput(pass: CompilerPass, before: ResolvedBuild, after: ResolvedBuild): void {
  const stages = (after as { stages?: unknown } | null)?.stages;
  if (!Array.isArray(stages)) throw invalidBuild(pass, 'stages', 'expected a list of stages');
  const received = new Set<Step>();
  for (const stage of before.stages) for (const step of stage.steps) received.add(step);
  stages.forEach((stage: ResolvedStage | null, stageIndex) => {
    const name = typeof stage?.name === 'string' ? stage.name : undefined;
    if (name === undefined) throw invalidBuild(pass, `stages[${stageIndex}].name`, 'expected a stage name');
    if (!Array.isArray(stage?.steps)) throw invalidBuild(pass, `stages.${name}.steps`, 'expected a list of steps');
    stage.steps.forEach((step, index) => {
      if (received.has(step) || isTrusted(step)) return;
      const location = {
        stage: name,
        step: index + 1,
        callSite: step?.origin?.callSite,
        fragment: step?.origin?.fragment,
      };
      try {
        parseOrThrow(
          stepSchema(),
          step,
          location,
          `step ${index + 1} of stage "${name}"`,
          `stages.${name}.steps[${index}]`,
        );
      } catch (error) {
        const { message, location: at } = error as DslError;
        throw new DslError(`plugin "${pass.name}" returned an ${message}`, at, HINT);
      }
    });
  });
}

function invalidBuild(pass: CompilerPass, path: string, problem: string): DslError {
  return new DslError(`plugin "${pass.name}" returned an invalid build at ${path}: ${problem}`, { path }, HINT);
}
