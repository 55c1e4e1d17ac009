import { basename, dirname, relative, resolve } from 'node:path';
import { parseCommandArgs, usageFailure } from '../args.js';
import type { CompileFileOptions } from '../compileConfigFile.js';
import { lineDiff } from '../diff.js';
import { EXIT, ReportedFailure } from '../exitCodes.js';
import { findConfig } from '../findConfig.js';
import { reportBuildLint, reportUnpinned } from '../lintOutput.js';
import { cachedResult, resultCacheEnabled, resultKey } from '../load/resultCache.js';
import { traceLoad } from '../load/traceLoad.js';
import { green, printInfo } from '../output.js';
import { readOutputFile, writeOutputFile } from '../outputFile.js';
import { writeStdout } from '../stdio.js';
import type { CompiledDockerfile } from './buildCompile.js';
import { hasGeneratedHeader } from './generatedHeader.js';

export const usage = `Usage: dsl build [DIR] [options]

Compile DIR/docker.config.ts (default: the current directory) to a Dockerfile next to it.

Options:
  --config PATH   config file to use instead of DIR/docker.config.ts
  --out PATH      where to write the Dockerfile (default: Dockerfile next to the config)
  --stdout        print the Dockerfile instead of writing it
  --target NAME   emit only the stages target NAME needs
  --check         write nothing; exit 1 with a diff if the Dockerfile on disk is stale
  --force         overwrite a Dockerfile that dsl did not generate
  --annotate      add "# from: fragment (file:line)" above every instruction
  --no-cache      do not read or write the transpile and result caches
                  (node_modules/.cache/dsl)
  --explain       print, for every instruction, its fragment, config line and phase,
                  and why the compiler moved or merged it (writes nothing)
  --dockerignore  also write .dockerignore: an allow-list of what the build reads
                  (always on when the config sets dockerignore)
  --print-ir      print the resolved build as JSON (docs/ir.schema.json); writes nothing
  -w, --watch     rebuild when the config or a module it imports changes (Ctrl-C stops)
  --strict        lint warnings fail the build (exit 1, nothing written); lint errors always do
  --frozen-lock   fail (exit 1) when dsl.lock is missing or lacks an image of the config
  -h, --help      show this help

Images in dsl.lock (see "dsl lock") are emitted as name:tag@sha256:... .
Exit codes: 0 ok, 1 config/compile/lint error or stale --check, 2 usage error.`;

const options = {
  config: { type: 'string' },
  out: { type: 'string' },
  stdout: { type: 'boolean' },
  target: { type: 'string' },
  check: { type: 'boolean' },
  force: { type: 'boolean' },
  annotate: { type: 'boolean' },
  explain: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  dockerignore: { type: 'boolean' },
  'print-ir': { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  strict: { type: 'boolean' },
  'frozen-lock': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function build(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('build', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  // --check compares the Dockerfile on disk; these print something else and would skip it silently,
  // so a CI job that adds one for its logs would lose its staleness check.
  const printing = (['stdout', 'explain', 'print-ir', 'watch'] as const).filter((name) => values[name]);
  if (values.check && printing.length > 0)
    throw new ReportedFailure(
      `--check cannot be combined with ${printing.map((name) => `--${name}`).join(', ')}: it compares the Dockerfile on disk\n  hint: run "dsl build --check" as a step of its own`,
      EXIT.usage,
    );
  if (values.stdout && values.out !== undefined)
    throw usageFailure('build', '--stdout and --out both say where the Dockerfile goes: give one');
  if (positionals.length > 1) throw usageFailure('build', `dsl build takes one directory, got ${positionals.length}`);
  if (values.watch) return (await import('../watch.js')).watchBuild(argv, build, options);
  const cwd = process.cwd();
  const configPath = findConfig(positionals[0], values.config);
  const outPath = values.out !== undefined ? resolve(cwd, values.out) : resolve(dirname(configPath), 'Dockerfile');
  const compileOptions: CompileFileOptions = {
    cwd,
    ...(values.target !== undefined ? { target: values.target } : {}),
    noCache: values['no-cache'] === true,
    frozenLock: values['frozen-lock'] === true,
    strict: values.strict === true,
    sourceName: relative(dirname(outPath), configPath) || basename(configPath),
    ...(values.annotate ? { annotateRelativeTo: dirname(outPath) } : {}),
    ...(values.explain ? { explain: true } : {}),
  };

  // Only a plain Dockerfile may come from the result cache: --explain and --print-ir show the
  // compile itself, and --dockerignore writes a file from the config.
  const reusable =
    !values.explain && !values['print-ir'] && !values.dockerignore && !values['no-cache'] && resultCacheEnabled();
  const key = reusable ? resultKey(configPath, compileOptions) : undefined;
  const reused = key ? cachedResult(key) : undefined;
  let compiled: CompiledDockerfile;
  if (reused) {
    traceLoad('result', 'not loaded: its files, dsl.lock and dsl are as when this Dockerfile was compiled');
    // The warnings of the compile, printed again (a build they failed was not stored).
    const lintFailure = reportBuildLint(reused.findings, cwd, values.strict === true);
    if (lintFailure) throw new ReportedFailure(lintFailure, EXIT.failure);
    reportUnpinned(reused.unpinned);
    compiled = reused;
  } else {
    const { compileForBuild } = await import('./buildCompile.js');
    const outcome = await compileForBuild({
      configPath,
      outPath,
      cwd,
      options: compileOptions,
      flags: {
        printIr: values['print-ir'] === true,
        stdout: values.stdout === true,
        dockerignore: values.dockerignore === true,
        check: values.check === true,
        force: values.force === true,
      },
      ...(key ? { resultKey: key } : {}),
    });
    if (typeof outcome === 'number') return outcome;
    compiled = outcome;
  }
  const { dockerfile, header } = compiled;

  if (values.stdout) {
    writeStdout(dockerfile);
    return EXIT.ok;
  }
  const shownOut = relative(cwd, outPath) || outPath;
  const existing = readOutputFile(outPath, cwd);
  if (values.check) {
    if (existing === dockerfile) {
      printInfo(`${shownOut} is up to date`);
      return EXIT.ok;
    }
    const diff = (onDisk: string) => lineDiff(onDisk, dockerfile, `${shownOut} (on disk)`, `${shownOut} (from config)`);
    const report =
      existing === undefined
        ? `${shownOut} does not exist: run "dsl build" to generate it`
        : !hasGeneratedHeader(existing, header)
          ? `${shownOut} was not generated by dsl (no "${header}" header): run "dsl build --force" to replace it with the config's\n${diff(existing)}`
          : `${shownOut} is stale: run "dsl build" to regenerate it\n${diff(existing)}`;
    throw new ReportedFailure(report, EXIT.failure);
  }
  if (existing !== undefined && !values.force && !hasGeneratedHeader(existing, header)) {
    throw new ReportedFailure(
      `refusing to overwrite ${shownOut}: it was not generated by dsl (no "${header}" header)\n  hint: move it away, write elsewhere with --out, or pass --force to replace it (try "dsl import" to convert it)`,
      EXIT.failure,
    );
  }
  if (existing === dockerfile) {
    printInfo(`${shownOut} is up to date`);
    return EXIT.ok;
  }
  writeOutputFile(outPath, dockerfile, cwd);
  printInfo(`${green('wrote')} ${shownOut}`);
  return EXIT.ok;
}
