import { describe, expect, it } from 'vitest';
import { compile, DslError, env, run, sh, stage } from '../../src/index.js';

describe('line length', () => {
  it('refuses an instruction line longer than BuildKit can read, naming the step', () => {
    const big = stage('app', { from: 'alpine:3.20' }, [env('BIG', 'x'.repeat(70_000))]);
    try {
      compile({ targets: [big] });
      expect.unreachable('compile should fail');
    } catch (error) {
      expect(error).toBeInstanceOf(DslError);
      expect((error as DslError).message).toMatch(
        /^the ENV line would be 70\d{3} bytes; BuildKit rejects Dockerfile lines over 65535 bytes/,
      );
      expect((error as DslError).location).toMatchObject({ stage: 'app', step: 1, fragment: 'env' });
    }
  });

  it('accepts long RUN scripts laid out one command per line', () => {
    const commands = Array.from({ length: 200 }, (_, index) => `echo ${'y'.repeat(500)} ${index}`);
    const app = stage('app', { from: 'alpine:3.20' }, [run(sh(...commands))]);
    expect(compile({ targets: [app] }).dockerfile.length).toBeGreaterThan(100_000);
  });
});
