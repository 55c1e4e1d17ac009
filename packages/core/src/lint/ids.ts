/**
 * Every lint rule: the id users know (hadolint's DLxxxx, BuildKit's check name, or dsl's DSLxxx)
 * and its readable name. Either spelling is a key of `lint.rules` in the config.
 */
export const LINT_RULE_IDS = {
  DL3002: 'final-user-root',
  DL3003: 'cd-instead-of-workdir',
  DL3004: 'no-sudo',
  DL3006: 'untagged-image',
  DL3007: 'no-latest-tag',
  DL3008: 'pin-apt-versions',
  DL3013: 'pin-pip-versions',
  DL3014: 'apt-get-yes',
  DL3015: 'no-install-recommends',
  DL3016: 'pin-npm-versions',
  DL3018: 'pin-apk-versions',
  DL3020: 'copy-not-add',
  DL3027: 'no-apt',
  DL3059: 'consecutive-runs',
  DL4006: 'pipefail',
  SecretsUsedInArgOrEnv: 'secret-in-env-or-arg',
  DSL001: 'ungated-test-stage',
  DSL002: 'missing-healthcheck',
  DSL003: 'root-step-as-user',
  DSL004: 'stage-name-as-image',
  DSL005: 'credential-file-copied',
  DSL006: 'install-before-venv',
  DSL007: 'healthcheck-tool-missing',
} as const;

export type LintRuleCode = keyof typeof LINT_RULE_IDS;
export type LintRuleName = (typeof LINT_RULE_IDS)[LintRuleCode];
/** A key of `lint.rules`: `'DL3007'` or `'no-latest-tag'`. */
export type LintRuleKey = LintRuleCode | LintRuleName;

const byName = new Map<string, LintRuleCode>(
  Object.entries(LINT_RULE_IDS).map(([code, name]) => [name, code as LintRuleCode]),
);

/** The rule code for an id or a name, or undefined. */
export function lintRuleCode(key: string): LintRuleCode | undefined {
  if (Object.hasOwn(LINT_RULE_IDS, key)) return key as LintRuleCode;
  return byName.get(key);
}

export const SECRET_RULE: LintRuleCode = 'SecretsUsedInArgOrEnv';
