import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { parseCommandArgs, usageError } from '../args.js';
import { EXIT, ReportedFailure } from '../exitCodes.js';
import { dim, green, printInfo, yellow } from '../output.js';
import { writeOutputFile } from '../outputFile.js';
import { writeStdout } from '../stdio.js';

export const usage = `Usage: dsl import [DOCKERFILE] [options]

Convert a Dockerfile (default: ./Dockerfile; - reads stdin) into a docker.config.ts: stages as
stage() values, raw steps, and fragments where an instruction sequence is clearly one
(apt-get/apk installs, pip install -r, npm ci, yarn install, go mod download). Comments are kept;
whatever cannot be represented is a warning with its line and a TODO(dsl import) comment.

Options:
  --out PATH   where to write the config (default: docker.config.ts next to the Dockerfile)
  --stdout     print the config instead of writing it
  --force      overwrite an existing config file
  --raw        recognise no fragments: raw steps in the Dockerfile's order, optimisations off
  -h, --help   show this help

Exit codes: 0 written (warnings do not change it), 1 the Dockerfile is invalid, its config would
not compile, or the output file exists, 2 usage error.`;

const options = {
  out: { type: 'string' },
  stdout: { type: 'boolean' },
  force: { type: 'boolean' },
  raw: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function importCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageError('import', `dsl import takes one Dockerfile, got ${positionals.length}`);
  const cwd = process.cwd();
  const input = positionals[0] ?? 'Dockerfile';
  const fromStdin = input === '-';
  const inputPath = resolve(cwd, input);
  if (!fromStdin && (!existsSync(inputPath) || !statSync(inputPath).isFile())) {
    throw usageError('import', `Dockerfile not found: ${input}`);
  }
  const source = fromStdin ? readFileSync(0, 'utf8') : readFileSync(inputPath, 'utf8');
  const shownInput = fromStdin ? 'stdin' : relative(cwd, inputPath) || inputPath;
  const outPath =
    values.out !== undefined
      ? resolve(cwd, values.out)
      : resolve(fromStdin ? cwd : dirname(inputPath), 'docker.config.ts');
  const shownOut = relative(cwd, outPath) || outPath;
  if (!values.stdout && existsSync(outPath) && !values.force) {
    throw new ReportedFailure(
      `refusing to overwrite ${shownOut}: it exists\n  hint: pass --force to replace it, or --out to write elsewhere (--stdout prints it)`,
      EXIT.failure,
    );
  }

  // ts-morph (in ../import) is loaded here only: other commands never pay for it.
  const { ImportFailed, ImportRejected, importDockerfileToConfig } = await import('../import/index.js');
  let result: ReturnType<typeof importDockerfileToConfig>;
  try {
    result = importDockerfileToConfig(source, {
      file: fromStdin ? 'Dockerfile' : basename(inputPath),
      fragments: values.raw !== true,
    });
  } catch (error) {
    if (error instanceof ImportRejected) {
      const lines = error.problems.map((p) => `${shownInput}:${p.line}: ${p.message}`);
      throw new ReportedFailure(
        `dsl import: ${shownInput} is not a valid Dockerfile, nothing was written\n${lines.join('\n')}`,
        EXIT.failure,
      );
    }
    if (error instanceof ImportFailed) {
      throw new ReportedFailure(
        `dsl import: cannot convert ${shownInput}, nothing was written: ${error.reason}${error.hint ? `\n  hint: ${error.hint}` : ''}`,
        EXIT.failure,
      );
    }
    throw error;
  }
  const { code, model } = result;
  for (const note of model.notes) {
    printInfo(dim(`note: ${shownInput}${note.line > 0 ? `:${note.line}` : ''}: ${note.message}`));
  }
  for (const warning of model.warnings) {
    printInfo(yellow(`warning: ${shownInput}${warning.line > 0 ? `:${warning.line}` : ''}: ${warning.message}`));
  }
  if (values.stdout) {
    writeStdout(code);
    return EXIT.ok;
  }
  writeOutputFile(outPath, code);
  const stages = model.stageNames.length;
  const fragments = model.notes.filter((n) => n.message.includes(' recognised as ')).length;
  const warned = model.warnings.length;
  printInfo(
    `${green('wrote')} ${shownOut}: ${stages} stage${stages === 1 ? '' : 's'}, ${fragments} fragment${fragments === 1 ? '' : 's'}, ${warned} warning${warned === 1 ? '' : 's'}${warned > 0 ? ' (see the TODO(dsl import) comments)' : ''}`,
  );
  const buildArgs =
    basename(outPath) === 'docker.config.ts' ? relative(cwd, dirname(outPath)) || '.' : `--config ${shownOut}`;
  // dsl build writes the Dockerfile beside the config: only then is it the one imported.
  const buildWritesInput = !fromStdin && resolve(dirname(outPath), 'Dockerfile') === inputPath;
  printInfo(
    dim(
      `next: dsl build ${buildArgs} --stdout shows the Dockerfile it compiles to${buildWritesInput ? ` (dsl build does not replace ${shownInput} without --force)` : ''}`,
    ),
  );
  return EXIT.ok;
}
