import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { explainBuild, GENERATED_HEADER } from '@dockerdsl/core';
import { completeCodeCachesAtExit } from '@dockerdsl/core/loader';
import { parseCommandArgs } from '../args.js';
import { compileConfigFile } from '../compileConfigFile.js';
import { lineDiff } from '../diff.js';
import { EXIT, ReportedFailure } from '../exitCodes.js';
import { findConfig } from '../findConfig.js';
import { green, printInfo } from '../output.js';
import { writeStdout } from '../stdio.js';
import { writeFileAtomic } from '../writeAtomic.js';
import { buildOutputs } from './buildOutputs.js';

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
  --no-cache      do not read or write the transpile cache (node_modules/.cache/dsl)
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
  if (values.watch) return buildOutputs.watch(argv, build);
  if (positionals.length > 1)
    throw new ReportedFailure(`dsl build takes one directory, got ${positionals.length}`, EXIT.usage);
  const cwd = process.cwd();
  const configPath = findConfig(positionals[0], values.config);
  const configDir = dirname(configPath);
  const outPath = values.out !== undefined ? resolve(cwd, values.out) : resolve(configDir, 'Dockerfile');

  const {
    config,
    dockerfile,
    build: resolved,
  } = await compileConfigFile(configPath, {
    cwd,
    ...(values.target !== undefined ? { target: values.target } : {}),
    noCache: values['no-cache'] === true,
    frozenLock: values['frozen-lock'] === true,
    strict: values.strict === true,
    sourceName: relative(dirname(outPath), configPath) || basename(configPath),
    ...(values.annotate ? { annotateRelativeTo: dirname(outPath) } : {}),
    ...(values.explain ? { explain: true } : {}),
  });
  // A compiled config is the run worth caching the compiled code of (see the core's loader).
  completeCodeCachesAtExit();

  if (values['print-ir']) return buildOutputs.printIr(resolved, configDir);
  if (values.explain) {
    writeStdout(explainBuild(resolved, cwd));
    return EXIT.ok;
  }
  if (values.stdout) {
    writeStdout(dockerfile);
    return EXIT.ok;
  }
  if (values.dockerignore || config.dockerignore !== undefined) {
    buildOutputs.dockerignore(config, {
      configPath,
      dockerfilePath: outPath,
      cwd,
      check: values.check === true,
      force: values.force === true,
    });
  }
  const shownOut = relative(cwd, outPath) || outPath;
  const existing = existsSync(outPath) ? readFileSync(outPath, 'utf8') : undefined;
  if (values.check) {
    if (existing === dockerfile) {
      printInfo(`${shownOut} is up to date`);
      return EXIT.ok;
    }
    const report =
      existing === undefined
        ? `${shownOut} does not exist: run "dsl build" to generate it`
        : `${shownOut} is stale: run "dsl build" to regenerate it\n${lineDiff(existing, dockerfile, `${shownOut} (on disk)`, `${shownOut} (from config)`)}`;
    throw new ReportedFailure(report, EXIT.failure);
  }
  if (existing !== undefined && !values.force && !isGenerated(existing)) {
    throw new ReportedFailure(
      `refusing to overwrite ${shownOut}: it was not generated by dsl (no "${GENERATED_HEADER}" header)\n  hint: move it away, write elsewhere with --out, or pass --force to replace it (try "dsl import" to convert it)`,
      EXIT.failure,
    );
  }
  if (existing === dockerfile) {
    printInfo(`${shownOut} is up to date`);
    return EXIT.ok;
  }
  writeFileAtomic(outPath, dockerfile);
  printInfo(`${green('wrote')} ${shownOut}`);
  return EXIT.ok;
}

/** A generated file starts with the header, after an optional `# syntax=` directive and blank line. */
export function isGenerated(text: string): boolean {
  return text.split('\n', 4).some((line) => line.startsWith(GENERATED_HEADER));
}
