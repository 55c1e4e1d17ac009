import { cmd, copyApp, defineConfig, env, exposePort, pnpmInstall, stage, user, workdir } from '@dockerdsl/core';

// pnpm's fetch/offline pattern: `pnpm fetch` needs only the lockfile, so the download layer is
// reused until the lockfile changes; the install then links node_modules from the store, before
// the source COPY, so a source edit ships only the source layer.
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
