// A Node service built with ACME's shared fragment library (@acme/docker-fragments, an npm
// package): the build stage (npm ci, npm run build, prune), the hardened runtime, the labels and
// the health check come from one call; the dev stage is written here with the built-in fragments.
import { nodeService } from '@acme/docker-fragments';
import { cmd, copyApp, defineConfig, exposePort, npmCi, stage, workdir } from '@dockerdsl/core';

const dev = stage('dev', { from: 'node:20' }, [
  workdir('/app'),
  npmCi(),
  copyApp(),
  exposePort(3000),
  cmd(['npx', 'tsc', '--watch']),
]);

const web = stage('web', { from: 'node:20-slim' }, [
  nodeService({
    name: 'storefront',
    entry: 'dist/server.js',
    port: 3000,
    team: 'web',
    buildScript: 'build',
    version: '1.8.0',
  }),
]);

export default defineConfig({ targets: [dev, web], defaultTarget: web });
