import {
  cmd,
  copyApp,
  copyArtifacts,
  defineConfig,
  env,
  expand,
  exposePort,
  gate,
  nonRootUser,
  pipInstall,
  pythonVenv,
  run,
  stage,
  workdir,
} from '@dockerdsl/core';

// Dependencies are installed into a virtualenv in a builder stage...
const builder = stage('builder', { from: 'python:3.12' }, [
  workdir('/app'),
  pythonVenv(),
  pipInstall({ requirements: 'requirements.txt' }),
]);

// ...the tests run against them (with the test-only tools) and must pass before prod is built.
// The stage ends as the unprivileged user prod runs as: the gate's marker is written as that user.
const test = stage('test', { from: builder }, [
  copyApp(),
  pipInstall(['pytest']),
  run('python -m pytest -q tests', { phase: 'build' }),
  nonRootUser(),
]);

// ...and the runtime gets the virtualenv and the source as separate layers: a source edit ships
// only the source layer.
const prod = stage('prod', { from: 'python:3.12-slim' }, [
  workdir('/app'),
  copyArtifacts(builder, '/opt/venv', '/opt/venv', { phase: 'deps' }),
  env({ VIRTUAL_ENV: '/opt/venv', PATH: expand('/opt/venv/bin:$PATH') }),
  copyApp(['app.py']),
  nonRootUser(),
  exposePort(8000),
  cmd(['python', 'app.py']),
  gate(test),
]);

export default defineConfig({ targets: [prod] });
