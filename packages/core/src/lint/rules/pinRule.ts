import type { LintRuleCode } from '../ids.js';
import { allRuns, at, defineRule } from '../ruleHelpers.js';
import type { LintRule } from '../types.js';
import { isPinned, type PackageManager, packageInstall } from './packageInstalls.js';

/**
 * The shared shape of the opt-in "pin versions" rules: every RUN command that installs packages
 * with `manager` by name must pin each one; the finding lists the loose ones.
 */
export function pinRule(rule: {
  readonly id: LintRuleCode;
  readonly manager: PackageManager;
  readonly description: string;
  /** How the install reads in the message, e.g. `apt-get install`. */
  readonly command: string;
  readonly hint: string;
}): LintRule {
  return defineRule({
    id: rule.id,
    description: rule.description,
    defaultSeverity: 'warn',
    optIn: true,
    check: ({ build }) =>
      allRuns(build).flatMap((entry) =>
        entry.commands.flatMap((command) => {
          const install = packageInstall(command);
          if (install?.manager !== rule.manager) return [];
          const loose = install.packages.filter((name) => !isPinned(rule.manager, name));
          if (loose.length === 0) return [];
          return [
            { ...at(entry), message: `${rule.command} without pinned versions: ${loose.join(', ')}`, hint: rule.hint },
          ];
        }),
      ),
  });
}
