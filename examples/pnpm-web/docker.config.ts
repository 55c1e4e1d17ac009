import { cmd, copyApp, defineConfig, env, exposePort, pnpmInstall, stage, user, workdir } from '@dockerdsl/core';

// pnpm's fetch/offline pattern: `pnpm fetch` needs only the lockfile, so the download layer is
// reused until the lockfile changes; the install after the source COPY links from the store.
// Written source-first on purpose: the compiler orders it.
const prod = stage('prod', { from: 'node:20' }, [
  workdir('/app'),
  copyApp(),
  // package.json goes with the lockfile: corepack picks pnpm from its packageManager pin, so the
  // fetch and the install run the same pnpm (a different one discards the fetched node_modules).
  pnpmInstall({ omitDev: true, manifests: ['package.json', 'pnpm-lock.yaml'] }),
  env('NODE_ENV', 'production'),
  user('node'),
  exposePort(3000),
  cmd(['node', 'src/server.js']),
]);

export default defineConfig({ targets: [prod] });
