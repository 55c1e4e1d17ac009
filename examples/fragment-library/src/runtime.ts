import { copyApp, copyArtifacts, type Fragment, httpHealthcheck, nonRootUser, type Stage } from '@dockerdsl/core';
import { acmeLabels } from './acmeLabels.js';

type ServiceOptions = {
  name: string;
  team: string;
  port: number;
  healthPath: string;
  version?: string | undefined;
  source?: string | undefined;
};

/**
 * The hardened tail every ACME runtime ends with: a non-root user with a fixed uid (the app's files
 * stay owned by root, so the process cannot change its own code), OCI labels, the health check.
 */
export function hardenedRuntime(options: ServiceOptions, tool: 'python' | 'node'): Fragment {
  return [
    nonRootUser({ name: 'app', uid: 10001 }),
    httpHealthcheck({ port: options.port, path: options.healthPath, tool, startPeriod: '10s' }),
    acmeLabels({
      title: options.name,
      team: options.team,
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.source !== undefined ? { source: options.source } : {}),
    }),
  ];
}

/**
 * Copies build-context paths to the same relative place under `/app` (one COPY each: a directory
 * given to COPY is copied as its contents, so `src` must go to `/app/src`, not `/app/`).
 */
export function copySources(paths: readonly string[]): Fragment {
  return paths.map((path) => copyApp([path], { dest: path === '.' ? '/app/' : `/app/${path}` }));
}

/** Copies paths under `/app` in `builder` to the same place in this stage. */
export function copyBuilt(builder: Stage, paths: readonly string[]): Fragment {
  return paths.map((path) => copyArtifacts(builder, `/app/${path}`, `/app/${path}`));
}
