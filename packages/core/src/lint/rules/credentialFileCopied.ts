import { allSteps, at, defineRule } from '../ruleHelpers.js';

/**
 * Files that usually hold credentials: package registry tokens, netrc passwords, SSH keys. Not Yarn
 * Berry's .yarnrc.yml: yarn needs it on disk (nodeLinker, yarnPath), yarnInstall copies it, and
 * its tokens usually come from the environment.
 */
const CREDENTIAL_FILE =
  /(^|\/)(\.npmrc|\.pypirc|pip\.conf|\.netrc|\.git-credentials|\.docker\/config\.json|id_(rsa|dsa|ecdsa|ed25519))$/;

/**
 * DSL005: a COPY or ADD from the build context of a file that usually holds a credential (an
 * `.npmrc` with a registry token, `.netrc`, an SSH key). The layer keeps it, readable by anyone who
 * can pull the image, even if a later step deletes it. A build secret mount is visible to one RUN
 * only. A warning: an `.npmrc` with settings only is harmless.
 */
export const credentialFileCopied = defineRule({
  id: 'DSL005',
  description:
    'A COPY or ADD of a file that usually holds a credential (.npmrc, .netrc, .pypirc, an SSH key) puts it in a layer.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allSteps(build).flatMap((entry) => {
      const { step } = entry;
      if ((step.kind !== 'copy' && step.kind !== 'add') || (step.kind === 'copy' && step.from !== undefined)) return [];
      const file = step.sources.find((source) => CREDENTIAL_FILE.test(source.replace(/\/+$/, '')));
      if (file === undefined) return [];
      return [
        {
          ...at(entry),
          message: `${step.kind.toUpperCase()} ${file} puts a file that usually holds a credential in a layer, readable by anyone who can pull the image`,
          hint: `mount it for the one RUN that needs it: secretRun(command, { secrets: [{ id: 'credentials', target: '/path/${file.split('/').pop()}' }] }) with docker build --secret id=credentials,src=${file}; or, when it holds no credential, turn DSL005 off for this config`,
        },
      ];
    }),
});
