import { fileURLToPath } from 'node:url';
import { captureDslError, type DslError, type Fragment, fragmentSteps } from '@dockerdsl/core';
import { expect } from 'vitest';

/** Where a fragment's golden Dockerfiles live, relative to the test files. */
export function golden(name: string): string {
  return `./__golden__/${name}.Dockerfile`;
}

/**
 * Asserts that `fn` throws a DslError naming the fragment, the option path, and a call site in
 * `testFile` (pass `import.meta.url`): the line of the test that called the fragment.
 */
export function expectOptionError(
  fn: () => unknown,
  expected: { fragment: string; path: string | undefined; message?: RegExp; testFile: string },
): DslError {
  const error = captureDslError(fn);
  expect(error.location.fragment).toBe(expected.fragment);
  expect(error.location.path).toBe(expected.path);
  expect(error.location.callSite?.file).toBe(fileURLToPath(expected.testFile));
  if (expected.message) expect(error.message).toMatch(expected.message);
  return error;
}

/** `[kind, phase]` for each step a fragment emits, in order. */
export function phases(fragment: Fragment): [string, string | undefined][] {
  return fragmentSteps(fragment).map((step) => [step.kind, step.phase]);
}
