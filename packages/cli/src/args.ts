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
    throw new UsageError(`${message}\nrun "dsl ${command} --help" for usage`);
  }
}

/** A command line a command cannot run (too many directories, options that exclude each other): exit 2. */
export function usageFailure(command: string, message: string): ReportedFailure {
  return new ReportedFailure(`${message}\nrun "dsl ${command} --help" for usage`, EXIT.usage);
}
