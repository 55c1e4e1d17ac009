import { type CompileResult, type Config, compile, lintBuild, observeStages } from '@dockerdsl/core';
import { EXIT, ReportedFailure } from './exitCodes.js';
import { reportBuildLint } from './lintOutput.js';
import { loadConfig } from './loadConfig.js';
import { missingFromLock, readLock } from './lockFile.js';
import { printInfo, yellow } from './output.js';

export interface CompileFileOptions {
  readonly cwd: string;
  readonly target?: string;
  readonly noCache?: boolean;
  /** Fail when dsl.lock is missing or lacks an image. */
  readonly frozenLock?: boolean;
  /** Lint warnings fail too. */
  readonly strict?: boolean;
  readonly sourceName?: string;
  readonly annotateRelativeTo?: string;
  readonly explain?: boolean;
}

/**
 * What every command that produces a Dockerfile does: load the config, pin images from dsl.lock,
 * compile, and report lint (errors, or warnings with `strict`, stop here with exit 1).
 */
export async function compileConfigFile(
  configPath: string,
  options: CompileFileOptions,
): Promise<CompileResult & { readonly config: Config }> {
  const observer = observeStages();
  const config = await loadConfig(configPath, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    noCache: options.noCache === true,
  }).finally(observer.stop);
  const lock = readLock(configPath, { required: options.frozenLock === true, cwd: options.cwd });
  const result = compile(config, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.sourceName !== undefined ? { sourceName: options.sourceName } : {}),
    ...(options.annotateRelativeTo !== undefined ? { annotateRelativeTo: options.annotateRelativeTo } : {}),
    ...(options.explain ? { explain: true } : {}),
    ...(lock ? { lock, frozenLock: options.frozenLock === true } : {}),
  });
  const lintFailure = reportBuildLint(
    lintBuild({ config, build: result.build, seenStages: observer.stages }),
    options.cwd,
    options.strict === true,
  );
  if (lintFailure) throw new ReportedFailure(lintFailure, EXIT.failure);
  for (const image of lock ? missingFromLock(result.build, lock) : []) {
    printInfo(`${yellow('warning')}: image "${image}" is not in dsl.lock and is emitted unpinned: run "dsl lock"`);
  }
  return { ...result, config };
}
