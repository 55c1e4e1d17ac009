import {
  cmd,
  copyApp,
  copyArtifacts,
  defineConfig,
  env,
  exposePort,
  npmCi,
  stage,
  user,
  workdir,
} from '@dockerdsl/core';

// Production dependencies, installed once in their own stage.
const deps = stage('deps', { from: 'node:20' }, [workdir('/app'), npmCi({ omitDev: true })]);

// Written source-first on purpose: the compiler still installs before copying the source.
const dev = stage('dev', { from: 'node:20' }, [
  workdir('/app'),
  copyApp(),
  npmCi(),
  exposePort(3000),
  cmd(['node', '--watch', 'src/server.js']),
]);

// The runtime receives dependencies and source as separate layers, so a source edit ships only
// the small source layer.
const prod = stage('prod', { from: 'node:20-slim' }, [
  workdir('/app'),
  env('NODE_ENV', 'production'),
  copyApp(['src'], { dest: 'src/' }),
  copyApp(['package.json']),
  copyArtifacts(deps, '/app/node_modules', '/app/node_modules', { phase: 'deps' }),
  user('node'),
  exposePort(3000),
  cmd(['node', 'src/server.js']),
]);

export default defineConfig({ targets: [dev, prod], defaultTarget: prod });
