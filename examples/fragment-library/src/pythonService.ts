import {
  aptInstall,
  cmd,
  copyArtifacts,
  defineFragment,
  env,
  expand,
  exposePort,
  pipInstall,
  pythonEnv,
  pythonVenv,
  stage,
  workdir,
} from '@dockerdsl/core';
import { z } from '@dockerdsl/core/zod';
import { copySources, hardenedRuntime } from './runtime.js';
import { PACKAGE, relativePath, serviceOptions } from './schemas.js';

const VENV = '/opt/venv';

/**
 * ACME's Python service preset. Dependencies are installed into a virtualenv in a builder stage
 * (`<name>-venv`, from `python:<python>-slim`, with `buildPackages` for native extensions); the
 * stage you use it in (from the same `python:<python>-slim` image) receives the virtualenv and
 * the source as separate layers, so a source edit ships only the source layer. The runtime runs
 * `python -m <module>` as the non-root user `app` (uid 10001) with the app's files owned by root,
 * has an HTTP health check (python's standard library: no curl needed) and ACME's OCI labels.
 *
 * @example
 * stage('api', { from: 'python:3.12-slim' }, [
 *   pythonService({ name: 'billing-api', module: 'billing.main', port: 8080, team: 'payments' }),
 * ])
 */
export const pythonService = defineFragment({
  name: 'pythonService',
  description: 'ACME Python service: venv builder stage, slim non-root runtime, OCI labels, health check.',
  package: PACKAGE,
  options: z.strictObject({
    /** The module to run with `python -m`, e.g. `billing.main`. */
    module: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a dotted module name such as billing.main'),
    /** The Python version of the builder image (`python:<python>-slim`). */
    python: z
      .string()
      .regex(/^3\.\d+(\.\d+)?$/, 'a Python version such as 3.12')
      .default('3.12'),
    /** The requirements file, relative to the build context. */
    requirements: z.string().default('requirements.txt'),
    /** Source paths copied into `/app`. */
    sourcePaths: z.array(relativePath).min(1).default(['.']),
    /** Debian packages the builder needs to compile wheels (e.g. `gcc`, `libpq-dev`). */
    buildPackages: z.array(z.string()).default([]),
    ...serviceOptions,
  }),
  example: "pythonService({ name: 'billing-api', module: 'billing.main', port: 8080, team: 'payments' })",
  build: (options) => {
    const builder = stage(`${options.name}-venv`, { from: `python:${options.python}-slim` }, [
      workdir('/app'),
      options.buildPackages.length > 0 && aptInstall(options.buildPackages),
      pythonEnv(),
      pythonVenv({ path: VENV }),
      pipInstall({ requirements: options.requirements }),
    ]);
    return [
      workdir('/app'),
      pythonEnv(),
      env({ VIRTUAL_ENV: VENV, PATH: expand(`${VENV}/bin:$PATH`) }),
      copyArtifacts(builder, VENV, VENV, { phase: 'deps' }),
      copySources(options.sourcePaths),
      hardenedRuntime(options, 'python'),
      exposePort(options.port),
      cmd(['python', '-m', options.module]),
    ];
  },
});
