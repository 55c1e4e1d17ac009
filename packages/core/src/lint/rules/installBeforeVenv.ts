import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { EnvStep, RunStep } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { at, defineRule, stageChain } from '../ruleHelpers.js';
import { basename, runCommands, type SimpleCommand } from '../shellScript.js';

/** `pip install ...`, `pip3 install`, `python -m pip install`, by a pip found on PATH. */
function isPathPipInstall(command: SimpleCommand): boolean {
  const [program, ...rest] = command.words;
  if (program === undefined) return false;
  // An explicit path (`/opt/venv/bin/pip`) says which environment it installs into.
  if (program.includes('/')) return false;
  const name = basename(program);
  if (/^pip3?(\.\d+)?$/.test(name)) return rest[0] === 'install';
  if (/^python3?(\.\d+)?$/.test(name)) return rest[0] === '-m' && rest[1] === 'pip' && rest[2] === 'install';
  return false;
}

function setsVirtualEnv(step: EnvStep): string | undefined {
  const entry = step.vars.find(([name]) => name === 'VIRTUAL_ENV');
  return entry === undefined ? undefined : rawText(entry[1]);
}

interface PendingInstall {
  readonly step: RunStep;
  readonly stage: ResolvedStage;
  readonly index: number;
}

/**
 * DSL006: a pip install before the ENV that activates a virtual environment (`pythonVenv()`) in the
 * same stage or a stage built on it. The compiler keeps a step written before an ENV before it, so
 * `pipInstall()` written above `pythonVenv()` installs into the system Python, and a runtime stage
 * that copies the venv gets an empty one.
 */
export const installBeforeVenv = defineRule({
  id: 'DSL006',
  description:
    'pip installs into the system Python because the virtual environment is activated after it (write pythonVenv() first).',
  defaultSeverity: 'warn',
  check: ({ build }) => {
    const reported = new Set<RunStep>();
    return build.stages.flatMap((stage) => findInChain(build, stage, reported));
  },
});

function findInChain(build: ResolvedBuild, last: ResolvedStage, reported: Set<RunStep>) {
  let pending: PendingInstall[] = [];
  const problems = [];
  for (const stage of stageChain(build, last.name)) {
    for (let i = 0; i < stage.steps.length; i++) {
      const step = stage.steps[i];
      if (step?.kind === 'run' && runCommands(step).some(isPathPipInstall)) pending.push({ step, stage, index: i + 1 });
      if (step?.kind !== 'env') continue;
      const venv = setsVirtualEnv(step);
      if (venv === undefined) continue;
      // Only the stage being looked at reports, so a parent's install is reported once, by the
      // first stage that activates a venv after it.
      if (stage === last) {
        for (const install of pending) {
          if (reported.has(install.step)) continue;
          reported.add(install.step);
          problems.push({
            ...at(install),
            message: `pip installs into the system Python: the virtual environment ${venv} is activated after it (ENV VIRTUAL_ENV in stage "${stage.name}", step ${i + 1})`,
            hint: 'write pythonVenv() before pipInstall(): dsl keeps a step written before an ENV before it, so the install order is yours',
          });
        }
      }
      pending = [];
    }
  }
  return problems;
}
