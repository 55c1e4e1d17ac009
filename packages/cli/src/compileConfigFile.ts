import { type CompileResult, type Config, compile, type LintFinding, lintBuild, observeStages } from '@dockerdsl/core';
import { EXIT, ReportedFailure } from './exitCodes.js';
import { reportBuildLint, reportUnpinned } from './lintOutput.js';
import { type LoadedConfig, loadConfigFrom } from './loadConfig.js';
import { missingFromLock, parseLockText } from './lockFile.js';
import { readLockText } from './lockPath.js';
import { passContext } from './passContext.js';
import { checkTargetOption } from './targetOption.js';

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
export async function compileConfigFile(configPath: string, options: CompileFileOptions): Promise<CompiledConfigFile> {
  const observer = observeStages();
  const loaded = await loadConfigFrom(configPath, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    noCache: options.noCache === true,
  }).finally(observer.stop);
  const config = loaded.config;
  checkTargetOption(config, options.target, configPath, options.cwd);
  const lockText = readLockText(configPath);
  const lock = parseLockText(lockText, configPath, { required: options.frozenLock === true, cwd: options.cwd });
  const result = compile(config, {
    context: passContext(configPath),
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.sourceName !== undefined ? { sourceName: options.sourceName } : {}),
    ...(options.annotateRelativeTo !== undefined ? { annotateRelativeTo: options.annotateRelativeTo } : {}),
    ...(options.explain ? { explain: true } : {}),
    ...(lock ? { lock, frozenLock: options.frozenLock === true } : {}),
  });
  const findings = lintBuild({ config, build: result.build, seenStages: observer.stages });
  const lintFailure = reportBuildLint(findings, options.cwd, options.strict === true);
  if (lintFailure) throw new ReportedFailure(lintFailure, EXIT.failure);
  const unpinned = lock ? missingFromLock(result.build, lock) : [];
  reportUnpinned(unpinned);
  return { ...result, config, loaded, lockText, findings, unpinned };
}

export interface CompiledConfigFile extends CompileResult {
  readonly config: Config;
  readonly loaded: LoadedConfig;
  /** dsl.lock's text as compiled with; null when there was none. */
  readonly lockText: string | null;
  /** The lint findings printed (none fails the build, or it would have thrown). */
  readonly findings: readonly LintFinding[];
  /** Images dsl.lock lacks, emitted unpinned (a warning was printed for each). */
  readonly unpinned: readonly string[];
}
