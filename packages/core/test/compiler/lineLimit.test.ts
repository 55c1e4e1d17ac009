import { describe, expect, it } from 'vitest';
import { compile, DslError, defineConfig, env, MAX_LINE_BYTES, run, sh, stage } from '../../src/index.js';

// BuildKit's parser: "dockerfile line greater than max allowed size of 65535" (checked with a real
// build in e2e/lock.test.ts: 65535 bytes build, 65536 do not).
describe('Dockerfile line limit', () => {
  const prefix = 'ENV BIG=';
  const config = (bytes: number) =>
    defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' }, [env('BIG', 'é'.repeat(bytes / 2))])] });

  it('emits a line of exactly 65535 bytes', () => {
    const value = 'a'.repeat(MAX_LINE_BYTES - prefix.length);
    const out = compile(defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' }, [env('BIG', value)])] }));
    expect(out.dockerfile.split('\n').some((line) => line.length === MAX_LINE_BYTES)).toBe(true);
  });

  it('refuses a longer line, counting bytes not characters, at the config line', () => {
    let error: unknown;
    try {
      compile(config(65530)); // 32765 two-byte characters, quoted: 8 + 2 + 65530 bytes
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DslError);
    expect((error as DslError).message).toBe(
      'the ENV line would be 65540 bytes; BuildKit rejects Dockerfile lines over 65535 bytes',
    );
    expect((error as DslError).location).toMatchObject({ stage: 'prod', step: 1, fragment: 'env' });
    expect((error as DslError).location.callSite?.file).toBe(new URL(import.meta.url).pathname);
  });

  it('checks each physical line: commands on continuation lines may add up to more', () => {
    const long = `echo ${'x'.repeat(40_000)}`;
    const prod = (command: Parameters<typeof run>[0]) =>
      defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' }, [run(command)])] });
    expect(compile(prod(sh(long, long))).dockerfile).toContain(`    && ${long}`);
    expect(() => compile(prod(`${long} && ${long}`))).toThrow(/^the RUN line would be 80018 bytes/);
  });
});
