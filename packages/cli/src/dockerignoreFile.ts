import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { type Config, compile, GENERATED_HEADER, renderDockerignore } from '@dockerdsl/core';
import { syncGeneratedFile } from './generatedFile.js';
import { lockPathFor } from './lockPath.js';
import { passContext } from './passContext.js';

export interface DockerignoreTarget {
  readonly configPath: string;
  /** The Dockerfile dsl writes (left out of a whole-context build's context). */
  readonly dockerfilePath: string;
  readonly cwd: string;
  readonly check?: boolean;
  readonly force?: boolean;
}

/**
 * The `.dockerignore` text for the config: from the build of every target (whatever `--target`
 * the Dockerfile was compiled for), since one context serves them all.
 */
export function dockerignoreText(config: Config, configPath: string, dockerfilePath: string): string {
  const context = dirname(configPath);
  const inside = (path: string) => {
    const rel = relative(context, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? [rel.split('\\').join('/')] : [];
  };
  const { build } = compile(config, { checkSecrets: false, context: passContext(configPath) });
  return renderDockerignore(build, config.dockerignore, {
    sourceName: basename(configPath),
    // The config and the lock are dsl's input, not the app's: in the context, a comment edited in
    // the config would rerun every step after COPY . . and ship a new source layer.
    generated: [
      ...inside(dockerfilePath),
      '.dockerignore',
      ...inside(join(context, 'docker-bake.json')),
      ...inside(configPath),
      ...inside(lockPathFor(configPath)),
    ],
  });
}

/** Writes (or with `check`, verifies) `.dockerignore` in the config's directory, the build context. */
export function syncDockerignore(config: Config, target: DockerignoreTarget): void {
  syncGeneratedFile({
    path: join(dirname(target.configPath), '.dockerignore'),
    content: dockerignoreText(config, target.configPath, target.dockerfilePath),
    isGenerated: (text) => text.split('\n', 3).some((line) => line.startsWith(GENERATED_HEADER)),
    marker: `"${GENERATED_HEADER}" header`,
    command: 'dsl build --dockerignore',
    cwd: target.cwd,
    ...(target.check !== undefined ? { check: target.check } : {}),
    ...(target.force !== undefined ? { force: target.force } : {}),
  });
}
