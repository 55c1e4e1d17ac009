import { type DslError, isDslError } from '../errors.js';

/**
 * Runs `fn` and returns the DslError it throws, so a test can check `location.fragment`,
 * `location.path` and `location.callSite`. Throws if `fn` returns normally or throws anything else.
 *
 * @example
 * const error = captureDslError(() => aptInstall(['bad name']));
 * expect(error.location).toMatchObject({ fragment: 'aptInstall', path: 'packages[0]' });
 */
export function captureDslError(fn: () => unknown): DslError {
  try {
    fn();
  } catch (error) {
    if (isDslError(error)) return error as DslError;
    throw new Error(
      `expected a DslError, got: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      {
        cause: error,
      },
    );
  }
  throw new Error('expected a DslError, but nothing was thrown');
}
