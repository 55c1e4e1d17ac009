/**
 * `dsl` loads a large config with V8's allocation-site pretenuring off (withoutPretenuring), so its
 * parts lie together in memory instead of between the garbage made while building them. Proven with V8's own test hook: where a new object is born. (codeCache.test.ts proves that
 * the flags are as they started again when the code caches are read and written.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, runCliAsync, scratchProjects } from './runCli.js';

const project = scratchProjects();
const probe = readFileSync(new URL('../../core/test/support/objectsBornOld.mjs', import.meta.url), 'utf8');

// More steps than LARGE_CONFIG_STEPS (1,000) before the probe: below that dsl leaves V8 alone.
const config = `import { defineConfig, run, stage } from '@dockerdsl/core';
import { objectsBornOld } from './objectsBornOld.mjs';

const steps = Array.from({ length: 1_001 }, (_, index) => run(\`echo \${index}\`));
console.error(\`objects born old: \${objectsBornOld()}\`);
const app = stage('app', { from: 'debian:bookworm-slim' }, steps);
export default defineConfig({ targets: [app] });
`;

describe('loading a config', () => {
  it('allocates every new object of a large config young: no allocation site is pretenured meanwhile', async () => {
    const dir = project({
      'objectsBornOld.mjs': probe,
      'docker.config.ts': config,
      'byDefault.mjs':
        "import { objectsBornOldByDefault } from './objectsBornOld.mjs';\nconsole.log(objectsBornOldByDefault());\n",
    });
    // The probe sees pretenuring where V8's defaults apply, so its 0 under dsl is not blindness.
    const plain = spawnSync(process.execPath, ['byDefault.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(plain.status, plain.stderr).toBe(0);
    expect(Number(plain.stdout)).toBeGreaterThan(150_000);

    const result = await runCliAsync(['build', '--stdout'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('objects born old: 0\n');
    expect(result.stdout).toContain('RUN echo 1000');
  });

  it('reads a code cache with the flags the process started with: one loaded meanwhile is still served', () => {
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
    expect(build({}).code).toBe(0);
    const again = build({ DSL_TRACE_LOAD: '1' });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^dsl: code cache hit for zod\.cjs /m);
  });
});
