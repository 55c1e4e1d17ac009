import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { GENERATED_HEADER } from '@dockerdsl/core';
import { parseCommandArgs, usageError, usageFailure } from '../args.js';
import { EXIT, ReportedFailure } from '../exitCodes.js';
import { CONFIG_NAMES } from '../findConfig.js';
import { detectKinds, detectProject, PROJECT_KINDS, type ProjectKind } from '../init/detect.js';
import { describeProject, starterConfig } from '../init/templates.js';
import { green, printInfo } from '../output.js';
import { writeOutputFile } from '../outputFile.js';
import { writeStdout } from '../stdio.js';
import { hasGeneratedHeader } from './generatedHeader.js';

export const usage = `Usage: dsl init [DIR] [options]

Detect the project in DIR (default: the current directory) and write DIR/docker.config.ts: a
starter config with the built-in fragments, dev and prod targets, and a test stage gated into
prod (gate(test)), so a plain "docker build" runs the tests before it builds prod.

Detected: package.json with package-lock.json, pnpm-lock.yaml or yarn.lock (Node.js);
requirements.txt, pyproject.toml (Poetry, uv.lock) (Python); go.mod (Go); Cargo.toml (Rust).
An existing config is never overwritten.

Options:
  --kind KIND   node, python, go or rust, when DIR has several (or none) of the manifests
  --stdout      print the config instead of writing it
  -h, --help    show this help

Exit codes: 0 ok, 1 a config exists already or nothing was detected, 2 usage error.`;

const options = {
  kind: { type: 'string' },
  stdout: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function init(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('init', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageFailure('init', 'dsl init takes one directory');
  const dir = resolve(positionals[0] ?? '.');
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw usageError('init', `directory not found: ${positionals[0]}`);
  const shownDir = relative(process.cwd(), dir) || '.';
  const kind = values.kind;
  if (kind !== undefined && !PROJECT_KINDS.includes(kind as ProjectKind)) {
    throw usageError('init', `--kind must be one of ${PROJECT_KINDS.join(', ')}, not "${kind}"`);
  }
  const existing = CONFIG_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
  if (existing !== undefined && !values.stdout) {
    throw new ReportedFailure(
      `${relative(process.cwd(), existing) || existing} exists already: dsl init never overwrites a config\n  hint: edit it, or remove it and run "dsl init" again`,
      EXIT.failure,
    );
  }
  const detected = detectKinds(dir);
  const chosen = (kind as ProjectKind | undefined) ?? detected[0];
  if (chosen === undefined) {
    throw new ReportedFailure(
      `no project found in ${shownDir}: no package.json, requirements.txt, pyproject.toml, uv.lock, go.mod or Cargo.toml\n  hint: run "dsl init" in the project's directory, or pass --kind node|python|go|rust`,
      EXIT.failure,
    );
  }
  const project = detectProject(dir, chosen);
  const ignorePath = join(dir, '.dockerignore');
  const handWritten =
    existsSync(ignorePath) &&
    !readFileSync(ignorePath, 'utf8')
      .split('\n', 3)
      .some((line) => line.startsWith(GENERATED_HEADER));
  const text = starterConfig(project, { dockerignore: !handWritten });
  if (values.stdout) {
    writeStdout(text);
    return EXIT.ok;
  }
  const path = join(dir, 'docker.config.ts');
  writeOutputFile(path, text);
  const shownPath = relative(process.cwd(), path) || path;
  printInfo(`${green('wrote')} ${shownPath} for a ${describeProject(project)} project`);
  if (kind === undefined && detected.length > 1) {
    printInfo(`  also found: ${detected.slice(1).join(', ')} (choose with --kind)`);
  }
  if (handWritten) printInfo('  kept your .dockerignore (the config does not generate one)');
  if (project.kind === 'node' && project.entry.kind === 'none') {
    printInfo(
      `  todo: prod has no command yet: no start script, and ${project.main} does not exist (see TODO(dsl init))`,
    );
  }
  const dirArg = shownDir === '.' ? '' : ` ${shownDir}`;
  // dsl build refuses to replace a hand-written Dockerfile, so "next: dsl build" would fail there.
  const dockerfilePath = join(dir, 'Dockerfile');
  const handWrittenDockerfile =
    existsSync(dockerfilePath) &&
    statSync(dockerfilePath).isFile() &&
    !hasGeneratedHeader(readFileSync(dockerfilePath, 'utf8'), GENERATED_HEADER);
  if (handWrittenDockerfile) {
    printInfo(
      `  next: dsl build${dirArg} --stdout to compare with your Dockerfile; dsl build${dirArg} --force replaces it (or write elsewhere with --out)`,
    );
    return EXIT.ok;
  }
  printInfo(
    `  next: dsl build${dirArg}, then docker build${dirArg || ' .'} (builds prod after the tests; --target dev for dev)`,
  );
  return EXIT.ok;
}
