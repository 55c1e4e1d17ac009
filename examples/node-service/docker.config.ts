import { cmd, copy, defineConfig, env, expose, run, stage, user, workdir } from '@dockerdsl/core';

// Written in reading order; the compiler keeps installs before the source COPY.
const base = stage('base', { from: 'node:20' }, [workdir('/app'), copy(['package.json', 'package-lock.json'], './')]);

const prod = stage('prod', { from: base }, [
  env('NODE_ENV', 'production'),
  run('npm ci --omit=dev'),
  copy('src', './src'),
  user('node'),
  expose(3000),
  cmd(['node', 'src/server.js']),
]);

const dev = stage('dev', { from: base }, [
  run('npm ci'),
  copy('src', './src'),
  expose(3000),
  cmd(['node', '--watch', 'src/server.js']),
]);

export default defineConfig({ targets: [dev, prod], defaultTarget: prod });
