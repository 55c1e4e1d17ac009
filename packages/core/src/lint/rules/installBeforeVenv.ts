import type { ResolvedStage } from '../../ir/resolved.js';
import type { EnvStep, RunStep, Step } from '../../ir/steps.js';
import { rawText } from '../../ir/text.js';
import { at, defineRule } from '../ruleHelpers.js';
import { runCommands, type SimpleCommand } from '../shellScript.js';
import type { LintProblem } from '../types.js';
import { packageInstall } from './packageInstalls.js';

/** Tools a system Python holds on purpose, to make or fill an environment, not to run the app. */
const TOOLS = new Set(['pip', 'setuptools', 'wheel', 'uv', 'poetry', 'pipx', 'virtualenv', 'pipenv', 'pdm', 'hatch']);
const REQUIREMENT_FLAGS = /^(-r|--requirement|-e|--editable)/;

/**
 * `pip install ...` (or `pip3`, `python -m pip`) of the app's packages by a pip found on PATH. Not
 * one named by path (`/opt/venv/bin/pip` says where it installs), nor one of tools only
 * (`pip install uv`, as `uvSync` needs first).
 */
function isAppPipInstall(command: SimpleCommand): boolean {
  const program = command.words[0];
  if (program === undefined || program.includes('/')) return false;
  const install = packageInstall(command);
  if (install?.manager !== 'pip') return false;
  if (command.words.some((word) => REQUIREMENT_FLAGS.test(word))) return true;
  return !install.packages.every((operand) => TOOLS.has(packageName(operand)));
}

/** `uv==0.5.11` -> `uv`, `Poetry[plugin]>=1.8` -> `poetry`. */
function packageName(operand: string): string {
  return (/^[A-Za-z0-9._-]+/.exec(operand)?.[0] ?? operand).toLowerCase().replaceAll('_', '-');
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
    // One pass, parents first: each stage starts with the installs its parent left pending.
    const pendingAfter = new Map<string, readonly PendingInstall[]>();
    const reported = new Set<RunStep>();
    const problems: LintProblem[] = [];
    for (const stage of build.stages) {
      let pending = ('stage' in stage.from ? pendingAfter.get(stage.from.stage) : undefined) ?? [];
      for (let i = 0; i < stage.steps.length; i++) {
        const step = stage.steps[i] as Step;
        if (step.kind === 'run' && runCommands(step).some(isAppPipInstall)) {
          pending = [...pending, { step, stage, index: i + 1 }];
        }
        const venv = step.kind === 'env' ? setsVirtualEnv(step) : undefined;
        if (venv === undefined) continue;
        // Reported by the first stage that activates a venv after them; the others start clean.
        for (const install of pending) {
          if (reported.has(install.step)) continue;
          reported.add(install.step);
          problems.push({
            ...at(install),
            message: `pip installs into the system Python: the virtual environment ${venv} is activated after it (ENV VIRTUAL_ENV of ${step.origin.fragment}() in stage "${stage.name}", step ${i + 1})`,
            hint: `write ${step.origin.fragment}() before the install: dsl keeps a step written before an ENV before it, so the install order is yours`,
          });
        }
        pending = [];
      }
      pendingAfter.set(stage.name, pending);
    }
    return problems;
  },
});
