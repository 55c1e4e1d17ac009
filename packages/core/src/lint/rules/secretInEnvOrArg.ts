import { defineRule } from '../ruleHelpers.js';
import { findSecretNames, secretNameHint, secretNameMessage } from '../secretNames.js';

/**
 * BuildKit's SecretsUsedInArgOrEnv. Always an error, and `compile()` enforces it too: the only way
 * to keep such a name is listing it in `lint.allowSecretNames`.
 */
export const secretInEnvOrArg = defineRule({
  id: 'SecretsUsedInArgOrEnv',
  description:
    'ENV and ARG names must not look like credentials (apikey, auth, credential, key, password, secret, token...): use secret mounts.',
  defaultSeverity: 'error',
  fixedSeverity: true,
  check: ({ build, config }) =>
    findSecretNames(build, config.lint?.allowSecretNames ?? []).map((use) => ({
      ...(use.callSite ? { callSite: use.callSite } : {}),
      stage: use.stage ?? '(global ARG)',
      ...(use.step !== undefined ? { step: use.step } : {}),
      ...(use.fragment !== undefined ? { fragment: use.fragment } : {}),
      message: secretNameMessage(use),
      hint: secretNameHint(use),
    })),
});
