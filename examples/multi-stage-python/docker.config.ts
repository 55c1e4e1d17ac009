import { cmd, copyApp, defineConfig, env, exposePort, nonRootUser, pipInstall, stage, workdir } from '@dockerdsl/core';

// The classic: one base with the shared dependency, prod and dev on top of it.
const base = stage('base', { from: 'python:3.12' }, [workdir('/app'), pipInstall(['requests'])]);

// Written once, used by both stages; the compiler places it after each stage's own installs.
const app = [copyApp(['app.py']), exposePort(8000), cmd(['python', 'app.py'])];

// prod runs as an unprivileged user, created before and switched to after the steps that need root.
const prod = stage('prod', { from: base }, [env('IS_PROD', 'true'), app, nonRootUser()]);

const dev = stage('dev', { from: base }, [app, pipInstall(['pytest']), env('IS_PROD', 'false')]);

export default defineConfig({ targets: [dev, prod], defaultTarget: prod });
