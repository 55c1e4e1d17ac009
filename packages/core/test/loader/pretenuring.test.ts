import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pretenuring = fileURLToPath(new URL('../../src/loader/pretenuring.ts', import.meta.url));
const probe = fileURLToPath(new URL('../support/objectsBornOld.mjs', import.meta.url));

// In a new process: V8's flags and its allocation sites' decisions are the whole process's.
const driver = `import { withoutPretenuring } from ${JSON.stringify(pretenuring)};
import { objectsBornOld, objectsBornOldByDefault } from ${JSON.stringify(probe)};
const seen = {};
seen.inside = withoutPretenuring(() => objectsBornOld());
seen.afterReturn = objectsBornOldByDefault();
seen.insideNested = withoutPretenuring(() => {
  withoutPretenuring(() => undefined);
  return objectsBornOld();
});
seen.acrossAwait = await withoutPretenuring(async () => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return objectsBornOld();
});
try {
  withoutPretenuring(() => { throw new Error('thrown'); });
} catch {}
seen.afterThrow = objectsBornOldByDefault();
await withoutPretenuring(async () => { throw new Error('rejected'); }).catch(() => undefined);
seen.afterRejection = objectsBornOldByDefault();
console.log(JSON.stringify(seen));`;

describe('withoutPretenuring', () => {
  it('turns pretenuring off while the config is made, nested or async, and on again however it ends', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', driver], {
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const seen = JSON.parse(result.stdout) as Record<string, number>;
    expect(seen).toMatchObject({ inside: 0, insideNested: 0, acrossAwait: 0 });
    // On again: most objects of a new site are born old, as under V8's defaults.
    for (const after of ['afterReturn', 'afterThrow', 'afterRejection']) {
      expect(seen[after], after).toBeGreaterThan(150_000);
    }
  });
});
