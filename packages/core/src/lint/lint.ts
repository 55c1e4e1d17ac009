import type { LintConfig } from '../ir/config.js';
import { type LintRuleCode, lintRuleCode } from './ids.js';
import { LINT_RULES } from './rules/index.js';
import type { LintFinding, LintInput, LintRule, LintSeverity } from './types.js';

/** The severity a rule runs at under the config's `lint.rules` (by id or name). */
export function ruleSeverity(rule: LintRule, settings: LintConfig | undefined): LintSeverity {
  if (rule.fixedSeverity) return rule.defaultSeverity;
  const rules = settings?.rules as Readonly<Record<string, LintSeverity>> | undefined;
  const configured = rules?.[rule.id] ?? rules?.[rule.name];
  if (configured !== undefined) return configured;
  return rule.optIn ? 'off' : rule.defaultSeverity;
}

/**
 * Runs every rule the config does not switch off over a compiled build. Pure: findings point at
 * the config lines (call sites) that made the steps, sorted by file, line and column.
 */
export function lintBuild(input: LintInput, rules: readonly LintRule[] = LINT_RULES): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const rule of rules) {
    const severity = ruleSeverity(rule, input.config.lint);
    if (severity === 'off') continue;
    for (const problem of rule.check(input)) findings.push({ ...problem, rule: rule.id, name: rule.name, severity });
  }
  const key = (finding: LintFinding) =>
    [
      finding.callSite?.file ?? '~',
      String(finding.callSite?.line ?? 0).padStart(8, '0'),
      String(finding.callSite?.column ?? 0).padStart(6, '0'),
      finding.rule,
    ].join('\0');
  return findings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function findLintRule(key: string): LintRule | undefined {
  const code: LintRuleCode | undefined = lintRuleCode(key);
  return code === undefined ? undefined : LINT_RULES.find((rule) => rule.id === code);
}
