/**
 * `dsl` loads a large config with V8's allocation-site pretenuring off (withoutPretenuring), so its
 * parts lie together in memory instead of between the garbage made while building them. Proven
 * with V8's own test hook: where a new object is born.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, runCliAsync, scratchProjects } from './runCli.js';

const project = scratchProjects();
const probe = readFileSync(new URL('../../core/test/support/objectsBornOld.mjs', import.meta.url), 'utf8');

/** A config that makes `steps` steps, then says how many objects of a probe were born old. */
function probingConfig(steps: number, probeName: 'objectsBornOld' | 'objectsBornOldByDefault'): string {
  return `import { defineConfig, run, stage } from '@dockerdsl/core';
import { ${probeName} } from './objectsBornOld.mjs';

const steps = Array.from({ length: ${steps} }, (_, index) => run(\`echo \${index}\`));
console.error(\`objects born old: \${${probeName}()}\`);
export default defineConfig({ targets: [stage('app', { from: 'debian:bookworm-slim' }, steps)] });
`;
}

function bornOld(stderr: string): number {
  return Number(/^objects born old: (\d+)$/m.exec(stderr)?.[1]);
}

describe('loading a config', () => {
  it('allocates every new object of a large config young: no allocation site is pretenured meanwhile', async () => {
    // LARGE_CONFIG_STEPS (1,000) steps: V8 is left alone, and the probe sees it pretenure in a dsl
    // process, so its 0 with one step more is not blindness.
    const [small, large] = await Promise.all(
      [probingConfig(1_000, 'objectsBornOldByDefault'), probingConfig(1_001, 'objectsBornOld')].map((config) =>
        runCliAsync(['build', '--stdout'], project({ 'objectsBornOld.mjs': probe, 'docker.config.ts': config })),
      ),
    );
    expect(small?.code, small?.stderr).toBe(0);
    expect(bornOld(small?.stderr ?? '')).toBeGreaterThan(150_000);
    expect(large?.code, large?.stderr).toBe(0);
    expect(bornOld(large?.stderr ?? '')).toBe(0);
    expect(large?.stdout).toContain('RUN echo 1000');
  });

  it('reads a code cache with pretenuring as the process started it: one loaded while it is off is still served', () => {
    // zod's bundle loads (with its code cache) after the 1,001st step, so with pretenuring off.
    const dir = project({
      'docker.config.ts': `import { defineConfig, run, stage } from '@dockerdsl/core';

export default async function () {
  const steps = Array.from({ length: 1_001 }, (_, index) => run(\`echo \${index}\`));
  const { z } = await import('@dockerdsl/core/zod');
  z.string().parse('zod loaded');
  return defineConfig({ targets: [stage('app', { from: 'debian:bookworm-slim' }, steps)] });
}
`,
    });
    const build = (env: NodeJS.ProcessEnv) => runCli(['build', '--stdout'], dir, { DSL_RESULT_CACHE: '0', ...env });
    const first = build({});
    expect(first.code, first.stderr).toBe(0);
    const again = build({ DSL_TRACE_LOAD: '1' });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^dsl: code cache hit for zod\.cjs /m);
  });
});
