/**
 * `dsl` loads a config with V8's allocation-site pretenuring off (withoutPretenuring), so the parts
 * of a large config lie together in memory instead of between the garbage made while building
 * them. Proven with V8's own test hook: where a new object is born. (codeCache.test.ts proves that
 * the flags are as they started again when the code caches are read and written.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliAsync, scratchProjects } from './runCli.js';

const project = scratchProjects();
const probe = readFileSync(new URL('../../core/test/support/objectsBornOld.mjs', import.meta.url), 'utf8');

const config = `import { defineConfig, run, stage } from '@dockerdsl/core';
import { objectsBornOld } from './objectsBornOld.mjs';

console.error(\`objects born old: \${objectsBornOld()}\`);
const app = stage('app', { from: 'debian:bookworm-slim' }, [run('true')]);
export default defineConfig({ targets: [app] });
`;

describe('loading a config', () => {
  it('allocates every new object young: no allocation site is pretenured meanwhile', async () => {
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
    expect(result.stdout).toContain('RUN true');
  });
});
