import { describe, expect, it } from 'vitest';
import { formatError } from '../src/formatError.js';

/** Node's error for a package the config's CommonJS bundle requires but nobody installed. */
function moduleNotFound(bundle: string): Error {
  const error = new Error(`Cannot find module '@acme/nope'\nRequire stack:\n- ${bundle}\n- ${bundle}`);
  Object.assign(error, { code: 'MODULE_NOT_FOUND', requireStack: [bundle, bundle] });
  // No frames: where the error points is the stack's business (source-mapped to the config), not this.
  error.stack = `Error: ${error.message}`;
  return error;
}

describe('formatError: a package the config imports is not installed', () => {
  // Found by a review: outside a project the transpile cache is in the temp directory, which the
  // message did not recognise, so it printed Node's require stack with the bundle's path twice.
  for (const bundle of [
    '/repo/node_modules/.cache/dsl/docker.config.ts.40ddf356bb79e69a.cjs',
    '/tmp/dsl-cache/96c97354d897427c/docker.config.ts.40ddf356bb79e69a.cjs',
  ]) {
    it(`names the package and the config, not the bundle (${bundle.split('/')[2]})`, () => {
      const text = formatError(moduleNotFound(bundle), '/repo', undefined);
      expect(text).toContain("error: Cannot find package '@acme/nope' imported from docker.config.ts");
      expect(text).toContain('hint: install the package');
      expect(text).not.toMatch(/Require stack|\.cjs/);
    });
  }
});
