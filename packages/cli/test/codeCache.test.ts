import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './runCli.js';

const build = (env: NodeJS.ProcessEnv) => runCli(['build', 'examples/go-cli', '--stdout'], repoRoot, env);

describe("the core's V8 code cache", () => {
  it('is used from the second run on, and the output is the same with it, without it, or with it switched off', () => {
    const first = build({});
    expect(first.code, first.stderr).toBe(0);
    const cached = build({ DSL_TRACE_LOAD: '1' });
    expect(cached.stderr).toMatch(
      /^dsl: code cache hit for core\.cjs \(.*packages\/core\/dist\/\.cache\/core\.cjs\.[0-9a-f]{32}\.v8cache\)$/m,
    );
    const off = build({ DSL_TRACE_LOAD: '1', DSL_CODE_CACHE: '0' });
    expect(off.stderr).toMatch(/^dsl: code cache off for core\.cjs \(undefined\)$/m);
    expect(cached.stdout).toBe(first.stdout);
    expect(off.stdout).toBe(first.stdout);
  });

  it("also serves @dockerdsl/core/zod (a fragment library's zod) from a cached bundle", () => {
    const library = (env: NodeJS.ProcessEnv) => runCli(['build', 'examples/consumer-node', '--stdout'], repoRoot, env);
    expect(library({}).code).toBe(0);
    const cached = library({ DSL_TRACE_LOAD: '1' });
    expect(cached.code, cached.stderr).toBe(0);
    expect(cached.stderr).toMatch(/^dsl: code cache hit for zod\.cjs \(.*zod\.cjs\.[0-9a-f]{32}\.v8cache\)$/m);
  });
});
