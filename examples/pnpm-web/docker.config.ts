import { cmd, copyApp, defineConfig, env, exposePort, pnpmInstall, stage, user, workdir } from '@dockerdsl/core';

// pnpm's fetch/offline pattern: `pnpm fetch` needs only the lockfile, so the download layer is
// reused until the lockfile changes; the install after the source COPY links from the store.
// Written source-first on purpose: the compiler orders it.
const prod = stage('prod', { from: 'node:20' }, [
  workdir('/app'),
  copyApp(),
  pnpmInstall({ omitDev: true }),
  env('NODE_ENV', 'production'),
  user('node'),
  exposePort(3000),
  cmd(['node', 'src/server.js']),
]);

export default defineConfig({ targets: [prod] });
