import { type ParseArgsConfig, parseArgs } from 'node:util';
import { EXIT, ReportedFailure, UsageError } from './exitCodes.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends OptionSpec> = ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>;

/** node:util parseArgs with usage errors that say what to do. */
export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  argv: readonly string[],
  options: T,
): Parsed<T> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    throw usageError(command, message);
  }
}

/** The line every usage error ends with. */
function withHelp(command: string, message: string): string {
  return `${message}\nrun "dsl ${command} --help" for usage`;
}

/** A usage error printed as `dsl: MESSAGE` (see bin.ts), then the --help line: exit 2. */
export function usageError(command: string, message: string): UsageError {
  return new UsageError(withHelp(command, message));
}

/** A command line a command cannot run (too many directories, options that exclude each other): exit 2. */
export function usageFailure(command: string, message: string): ReportedFailure {
  return new ReportedFailure(withHelp(command, message), EXIT.usage);
}
