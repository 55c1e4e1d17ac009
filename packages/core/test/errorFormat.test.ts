import { describe, expect, it } from 'vitest';
import { DslError } from '../src/index.js';

describe('DslError.format', () => {
  // Found by a review: an error in the exported config object printed "in at defaultTarget".
  it('says an error with only a path is in the exported config, and names the config file', () => {
    const error = new DslError('invalid config at defaultTarget: expected a stage value', { path: 'defaultTarget' });
    expect(error.format('/repo', '/repo/app/docker.config.ts')).toBe(
      'app/docker.config.ts: error: invalid config at defaultTarget: expected a stage value\n' +
        '  in the exported config, at defaultTarget',
    );
    expect(error.format('/repo')).toBe(
      'error: invalid config at defaultTarget: expected a stage value\n  in the exported config, at defaultTarget',
    );
  });

  it('prefers the call site to the config file, and says nothing of the config for a stage error', () => {
    const error = new DslError('bad', {
      callSite: { file: '/repo/docker.config.ts', line: 3, column: 7 },
      stage: 'prod',
      path: 'from',
    });
    expect(error.format('/repo', '/repo/docker.config.ts')).toBe(
      'docker.config.ts:3:7: error: bad\n  in stage "prod", at from',
    );
  });

  it('writes paths the message and hint name relative to the working directory, and keeps every slash run from /', () => {
    const error = new DslError(
      'EXPOSE port "80/xyz" is not a port',
      { callSite: { file: '/repo/docker.config.ts', line: 3, column: 7 } },
      'the other one is declared at /repo/lib/stages.ts:2',
    );
    expect(error.format('/repo')).toBe(
      'docker.config.ts:3:7: error: EXPOSE port "80/xyz" is not a port\n  hint: the other one is declared at lib/stages.ts:2',
    );
    // Found by a review: from /, every "/" was taken for the directory prefix and removed.
    expect(error.format('/')).toBe(
      'repo/docker.config.ts:3:7: error: EXPOSE port "80/xyz" is not a port\n  hint: the other one is declared at /repo/lib/stages.ts:2',
    );
  });
});
