#!/usr/bin/env node
import { COMMANDS } from './commands/registry.js';
import { EXIT, ReportedFailure, UsageError } from './exitCodes.js';
import { printError } from './output.js';
import { writeStdout } from './stdio.js';

const VERSION = '0.1.0';

function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const list = Object.entries(COMMANDS)
    .map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`)
    .join('\n');
  return `Usage: dsl <command> [options]\n\nCommands:\n${list}\n\nRun "dsl <command> --help" for a command's options.\nExit codes: 0 ok, 1 config/compile error, 2 usage error.`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  // Asked for, help is the output (stdout, exit 0); `dsl` alone is a usage error (stderr, exit 2).
  if (name === undefined) throw new UsageError(`a command is missing\n\n${mainUsage()}`);
  if (name === '--help' || name === '-h') {
    writeStdout(`${mainUsage()}\n`);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    writeStdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === 'help') return main([rest[0] ?? '--help', ...(rest[0] ? ['--help'] : [])]);
  const entry = COMMANDS[name];
  if (!entry) throw new UsageError(`unknown command "${name}"\n\n${mainUsage()}`);
  return (await entry.load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    if (error instanceof UsageError) {
      printError(`dsl: ${error.message}`);
      process.exitCode = EXIT.usage;
    } else if (error instanceof ReportedFailure) {
      printError(error.message);
      process.exitCode = error.exitCode;
    } else {
      // Loaded here: it needs the core, which a build served by the result cache never loads.
      const { formatError } = await import('./formatError.js');
      const { loadedConfigPath } = await import('./loadedConfigPath.js');
      const configArg = process.argv.find((arg) => /docker\.config\.[mc]?[jt]s$/.test(arg));
      printError(formatError(error, process.cwd(), loadedConfigPath() ?? configArg));
      process.exitCode = EXIT.failure;
    }
  },
);
