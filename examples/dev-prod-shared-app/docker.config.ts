import { cmd, copyApp, defineConfig, env, exposePort, pipInstall, stage, variants, workdir } from '@dockerdsl/core';

const base = stage('base', { from: 'python:3.12' }, [
  workdir('/app'),
  pipInstall({ requirements: 'requirements.txt' }),
]);

// One template for both targets: only the dependencies in the middle differ. The app COPY is
// written once, even before the dependencies, and the compiler places it after each stage's own
// installs, so a source edit never reinstalls anything.
const { dev, prod } = variants(
  base,
  { dev: pipInstall({ requirements: 'requirements-dev.txt' }), prod: [] },
  (deps, name) => [copyApp(), deps, env('APP_ENV', name), exposePort(8000), cmd(['python', 'app.py'])],
);

export default defineConfig({ targets: [dev, prod], defaultTarget: prod });
