import {
  cmd,
  copyApp,
  copyArtifacts,
  defineFragment,
  env,
  exposePort,
  nodePruneDevDeps,
  npmCi,
  run,
  stage,
  workdir,
} from '@dockerdsl/core';
import { z } from '@dockerdsl/core/zod';
import { copyBuilt, copySources, hardenedRuntime } from './runtime.js';
import { PACKAGE, relativePath, serviceOptions } from './schemas.js';

/**
 * ACME's Node service preset. A builder stage (`<name>-build`, from `node:<node>`) installs the
 * locked dependencies with `npm ci`, runs the build script when there is one, and prunes the dev
 * dependencies; the stage you use it in (from `node:<node>-slim`) receives the production
 * `node_modules`, `package.json` and the built output (or the source paths) as separate layers,
 * runs `node <entry>` with `NODE_ENV=production` as the non-root user `app` (uid 10001), and has
 * an HTTP health check (Node's `fetch`: no curl needed) and ACME's OCI labels.
 *
 * @example
 * stage('web', { from: 'node:20-slim' }, [
 *   nodeService({ name: 'storefront', entry: 'dist/server.js', port: 3000, team: 'web', buildScript: 'build' }),
 * ])
 */
export const nodeService = defineFragment({
  name: 'nodeService',
  description:
    'ACME Node service: npm ci builder stage, pruned node_modules, slim non-root runtime, labels, health check.',
  package: PACKAGE,
  options: z.strictObject({
    /** The script to run, relative to `/app`, e.g. `dist/server.js`. */
    entry: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_./-]*\.(c|m)?js$/, 'a relative .js path such as dist/server.js'),
    /** The Node major of the builder image (`node:<node>`). */
    node: z.string().regex(/^\d+$/, 'a Node major version such as 20').default('20'),
    /** An npm script that builds the app (`npm run <buildScript>`). Without it, there is no build step. */
    buildScript: z
      .string()
      .regex(/^[A-Za-z0-9:_-]+$/, 'an npm script name such as build')
      .optional(),
    /**
     * What the runtime receives besides `node_modules` and `package.json`: with `buildScript`,
     * the build output directory (default `dist`); without, the source paths (default `src`).
     */
    paths: z.array(relativePath).min(1).optional(),
    ...serviceOptions,
  }),
  example:
    "nodeService({ name: 'storefront', entry: 'dist/server.js', port: 3000, team: 'web', buildScript: 'build' })",
  build: (options) => {
    const paths = options.paths ?? [options.buildScript !== undefined ? 'dist' : 'src'];
    const builder = stage(`${options.name}-build`, { from: `node:${options.node}` }, [
      workdir('/app'),
      npmCi(),
      options.buildScript !== undefined && [copyApp(), run(`npm run ${options.buildScript}`, { phase: 'build' })],
      nodePruneDevDeps(),
    ]);
    return [
      workdir('/app'),
      env('NODE_ENV', 'production'),
      copyArtifacts(builder, '/app/node_modules', '/app/node_modules', { phase: 'deps' }),
      copyApp(['package.json']),
      options.buildScript !== undefined ? copyBuilt(builder, paths) : copySources(paths),
      hardenedRuntime(options, 'node'),
      exposePort(options.port),
      cmd(['node', options.entry]),
    ];
  },
});
