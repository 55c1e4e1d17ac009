import type { LintRule } from '../types.js';
import { aptGetYes } from './aptGetYes.js';
import { cdInsteadOfWorkdir } from './cdInsteadOfWorkdir.js';
import { consecutiveRuns } from './consecutiveRuns.js';
import { copyNotAdd } from './copyNotAdd.js';
import { credentialFileCopied } from './credentialFileCopied.js';
import { finalUserRoot } from './finalUserRoot.js';
import { healthcheckToolMissing } from './healthcheckToolMissing.js';
import { installBeforeVenv } from './installBeforeVenv.js';
import { missingHealthcheck } from './missingHealthcheck.js';
import { noApt } from './noApt.js';
import { noInstallRecommends } from './noInstallRecommends.js';
import { noLatestTag } from './noLatestTag.js';
import { noSudo } from './noSudo.js';
import { pinApkVersions } from './pinApkVersions.js';
import { pinAptVersions } from './pinAptVersions.js';
import { pinNpmVersions } from './pinNpmVersions.js';
import { pinPipVersions } from './pinPipVersions.js';
import { pipefail } from './pipefail.js';
import { rootStepAsUser } from './rootStepAsUser.js';
import { secretInEnvOrArg } from './secretInEnvOrArg.js';
import { stageNameAsImage } from './stageNameAsImage.js';
import { ungatedTestStage } from './ungatedTestStage.js';
import { untaggedImage } from './untaggedImage.js';

/** Every rule, in the order docs/lint.md lists them. */
export const LINT_RULES: readonly LintRule[] = [
  secretInEnvOrArg,
  stageNameAsImage,
  credentialFileCopied,
  finalUserRoot,
  untaggedImage,
  noLatestTag,
  ungatedTestStage,
  copyNotAdd,
  consecutiveRuns,
  cdInsteadOfWorkdir,
  noApt,
  aptGetYes,
  noInstallRecommends,
  pipefail,
  noSudo,
  rootStepAsUser,
  installBeforeVenv,
  healthcheckToolMissing,
  pinAptVersions,
  pinApkVersions,
  pinPipVersions,
  pinNpmVersions,
  missingHealthcheck,
];
