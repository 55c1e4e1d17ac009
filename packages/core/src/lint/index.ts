export { LINT_RULE_IDS, type LintRuleCode, type LintRuleKey, type LintRuleName, lintRuleCode } from './ids.js';
export { findLintRule, lintBuild, ruleSeverity } from './lint.js';
export { observeStages } from './observeStages.js';
export { LINT_RULES } from './rules/index.js';
export { isSecretLikeName } from './secretLikeName.js';
export { assertNoSecretNames, findSecretNames, type SecretNameUse } from './secretNames.js';
export { programOffsets, runScript, type SimpleCommand, simpleCommands } from './shellScript.js';
export type { LintFinding, LintFix, LintInput, LintProblem, LintRule, LintSeverity } from './types.js';
