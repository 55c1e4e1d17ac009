import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './runCli.js';

// The result cache off: with it, an unchanged config's build loads no core at all.
const build = (env: NodeJS.ProcessEnv) =>
  runCli(['build', 'examples/go-cli', '--stdout'], repoRoot, { DSL_RESULT_CACHE: '0', ...env });

describe("the core's V8 code cache", () => {
  // A build run writes the complete cache (`.full.v8cache`), which later runs read.
  it('is used from the second run on, and the output is the same with it, without it, or with it switched off', () => {
    const first = build({});
    expect(first.code, first.stderr).toBe(0);
    const cached = build({ DSL_TRACE_LOAD: '1' });
    expect(cached.stderr).toMatch(
      /^dsl: code cache hit for core\.cjs \(.*packages\/core\/dist\/\.cache\/core\.cjs\.[0-9a-f]{32}\.full\.v8cache\)$/m,
    );
    // The CLI itself runs from a cache too (dist/dsl.cjs loads dist/cli.cjs).
    expect(cached.stderr).toMatch(
      /^dsl: code cache hit for cli\.cjs \(.*packages\/cli\/dist\/\.cache\/cli\.cjs\.[0-9a-f]{32}\.full\.v8cache\)$/m,
    );
    const off = build({ DSL_TRACE_LOAD: '1', DSL_CODE_CACHE: '0' });
    expect(off.stderr).toMatch(/^dsl: code cache off for core\.cjs \(undefined\)$/m);
    expect(off.stderr).toMatch(/^dsl: code cache off for cli\.cjs \(undefined\)$/m);
    expect(cached.stdout).toBe(first.stdout);
    expect(off.stdout).toBe(first.stdout);
  });

  it("also serves @dockerdsl/core/zod (a fragment library's zod) from a cached bundle", () => {
    const library = (env: NodeJS.ProcessEnv) =>
      runCli(['build', 'examples/consumer-node', '--stdout'], repoRoot, { DSL_RESULT_CACHE: '0', ...env });
    expect(library({}).code).toBe(0);
    const cached = library({ DSL_TRACE_LOAD: '1' });
    expect(cached.code, cached.stderr).toBe(0);
    expect(cached.stderr).toMatch(/^dsl: code cache hit for zod\.cjs \(.*zod\.cjs\.[0-9a-f]{32}\.full\.v8cache\)$/m);
  });
});

describe('the CommonJS and ES module entries of @dockerdsl/core', () => {
  it('are one instance: a config importing the core and the CLI requiring it share its values', async () => {
    const { createRequire } = await import('node:module');
    const { join } = await import('node:path');
    const required = createRequire(join(repoRoot, 'packages/cli/package.json'))('@dockerdsl/core') as Record<
      string,
      unknown
    >;
    const imported = (await import(join(repoRoot, 'packages/core/dist/bundle.js'))) as Record<string, unknown>;
    expect(typeof required['compile']).toBe('function');
    expect(imported['compile']).toBe(required['compile']);
    expect(imported['stage']).toBe(required['stage']);
    // Every name of the CommonJS entry is exported by the ES module one.
    expect(Object.keys(imported).sort()).toEqual(Object.keys(required).sort());
  });
});
