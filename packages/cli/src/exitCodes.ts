/** Documented in docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** Config or compile error, or `--check` found the Dockerfile stale. */
  failure: 1,
  /** Bad command line. */
  usage: 2,
} as const;

/** A mistake on the command line: printed with the command's usage hint, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure already explained to the user, with its exit code. */
export class ReportedFailure extends Error {
  override readonly name = 'ReportedFailure';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}
