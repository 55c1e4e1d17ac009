import { apkAdd } from './apkAdd.js';
import { aptInstall } from './aptInstall.js';
import { cargoBuild } from './cargoBuild.js';
import { cargoFetch } from './cargoFetch.js';
import { copyApp } from './copyApp.js';
import { copyArtifacts } from './copyArtifacts.js';
import { exposePort } from './exposePort.js';
import { fetchFile } from './fetchFile.js';
import { goBuild } from './goBuild.js';
import { goModDownload } from './goModDownload.js';
import { goTest } from './goTest.js';
import { httpHealthcheck } from './httpHealthcheck.js';
import { labels } from './labels.js';
import { nodePruneDevDeps } from './nodePruneDevDeps.js';
import { nonRootUser } from './nonRootUser.js';
import { npmCi } from './npmCi.js';
import { pipInstall } from './pipInstall.js';
import { pnpmInstall } from './pnpmInstall.js';
import { poetryInstall } from './poetryInstall.js';
import { pythonEnv } from './pythonEnv.js';
import { pythonVenv } from './pythonVenv.js';
import { secretRun } from './secretRun.js';
import { sshRun } from './sshRun.js';
import { uvSync } from './uvSync.js';
import { yarnInstall } from './yarnInstall.js';

export { OCI_LABELS } from './labels.js';
export { PLATFORM_ARGS } from './platformArgs.js';
export { shellQuote } from './shell.js';
export {
  apkAdd,
  aptInstall,
  cargoBuild,
  cargoFetch,
  copyApp,
  copyArtifacts,
  exposePort,
  fetchFile,
  goBuild,
  goModDownload,
  goTest,
  httpHealthcheck,
  labels,
  nodePruneDevDeps,
  nonRootUser,
  npmCi,
  pipInstall,
  pnpmInstall,
  poetryInstall,
  pythonEnv,
  pythonVenv,
  secretRun,
  sshRun,
  uvSync,
  yarnInstall,
};

/** Every built-in fragment, in the order of docs/fragments-reference.md (for docs and `dsl fragments`). */
export const BUILT_IN_FRAGMENTS = [
  aptInstall,
  apkAdd,
  pythonEnv,
  pythonVenv,
  pipInstall,
  uvSync,
  poetryInstall,
  npmCi,
  pnpmInstall,
  yarnInstall,
  nodePruneDevDeps,
  goModDownload,
  goBuild,
  goTest,
  cargoFetch,
  cargoBuild,
  fetchFile,
  copyApp,
  copyArtifacts,
  nonRootUser,
  exposePort,
  labels,
  httpHealthcheck,
  secretRun,
  sshRun,
] as const;
