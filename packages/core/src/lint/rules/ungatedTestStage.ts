import { collectStages } from '../../compiler/graph.js';
import { isStage, type Stage } from '../../ir/stage.js';
import { defineRule, madeStages } from '../ruleHelpers.js';

/** Names of stages that check rather than build: tests, linters, scanners. */
const CHECK_STAGE =
  /(^|[-_.])(tests?|testing|spec|specs|checks?|lint|scan|audit|verify|vuln|vulns|security|sast|trivy|grype|snyk|e2e|ci)([-_.]|$)/;

/**
 * DSL001: BuildKit builds only what the target reaches, so a test or scan stage that no target
 * depends on is skipped silently and the image ships untested. The compiler prunes unreachable
 * stages, so this looks at the config itself: its `stages` list and every stage value made while
 * the config loaded.
 */
export const ungatedTestStage = defineRule({
  id: 'DSL001',
  description:
    'A stage that looks like a test or scan stage must be reached by a target (gate() it), or docker build skips it silently.',
  defaultSeverity: 'warn',
  check: (input) => {
    const { config } = input;
    let reached: Stage[];
    try {
      reached = collectStages(config.targets.filter(isStage));
    } catch {
      return [];
    }
    const reachedSet = new Set<Stage>(reached);
    const reachedNames = new Set(reached.map((stage) => stage.name));
    const candidates = madeStages(input).filter(
      (stage) => isStage(stage) && !reachedSet.has(stage) && !reachedNames.has(stage.name),
    );
    const defaultTarget = config.defaultTarget ?? config.targets.at(-1);
    const seenNames = new Set<string>();
    return candidates.flatMap((stage) => {
      if (!CHECK_STAGE.test(stage.name) || seenNames.has(stage.name)) return [];
      seenNames.add(stage.name);
      const declared = (config.stages ?? []).includes(stage);
      return [
        {
          ...(stage.origin.callSite ? { callSite: stage.origin.callSite } : {}),
          stage: stage.name,
          fragment: 'stage',
          message: `stage "${stage.name}" looks like a test or scan stage, but no target reaches it: ${
            declared ? 'it is emitted, but ' : ''
          }docker build skips it silently`,
          hint: `add gate(${stage.name}) to the steps of ${
            defaultTarget ? `target "${defaultTarget.name}"` : 'the target'
          } so building it runs "${stage.name}" first, or list it in targets and build it with --target ${stage.name}`,
        },
      ];
    });
  },
});
