import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const source = (path: string) => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));

// In a new process: V8's flags and its allocation sites' decisions are the whole process's.
const driver = `import { LARGE_CONFIG_STEPS, withoutPretenuring } from ${source('../../src/loader/pretenuring.ts')};
import { run } from ${source('../../src/api/steps.ts')};
const makeSteps = (count) => {
  for (let index = 0; index < count; index++) run('true');
};
const large = LARGE_CONFIG_STEPS + 1;
const v8Loaded = () => process.moduleLoadList.includes('NativeModule v8');
const seen = { v8LoadedAtStart: v8Loaded() };
withoutPretenuring(() => makeSteps(LARGE_CONFIG_STEPS));
seen.v8LoadedBySmallConfig = v8Loaded();
// The probe itself loads node:v8.
const { objectsBornOld, objectsBornOldByDefault } = await import(${source('../support/objectsBornOld.mjs')});
seen.byDefault = objectsBornOldByDefault();
seen.large = withoutPretenuring(() => {
  makeSteps(large);
  return objectsBornOld();
});
seen.afterReturn = objectsBornOldByDefault();
seen.afterNested = withoutPretenuring(() => {
  withoutPretenuring(() => makeSteps(large));
  return objectsBornOld();
});
seen.acrossAwait = await withoutPretenuring(async () => {
  makeSteps(large);
  await new Promise((resolve) => setTimeout(resolve, 1));
  return objectsBornOld();
});
try {
  withoutPretenuring(() => {
    makeSteps(large);
    throw new Error('thrown');
  });
} catch {}
seen.afterThrow = objectsBornOldByDefault();
await withoutPretenuring(async () => {
  makeSteps(large);
  throw new Error('rejected');
}).catch(() => undefined);
seen.afterRejection = objectsBornOldByDefault();
// Overlapping: off until the last one ends, even when the first ends first.
let endSecond;
const first = withoutPretenuring(async () => makeSteps(large));
const second = withoutPretenuring(() => new Promise((resolve) => { endSecond = resolve; }));
await first;
seen.afterFirstOfTwo = objectsBornOld();
endSecond();
await second;
seen.afterBothOfTwo = objectsBornOldByDefault();
// After a large config, a small one too: V8 decides sooner in a warm heap.
seen.smallAfterLarge = withoutPretenuring(() => {
  makeSteps(1);
  return objectsBornOld();
});
seen.afterSmallAfterLarge = objectsBornOldByDefault();
console.log(JSON.stringify(seen));`;

describe('withoutPretenuring', () => {
  it('turns pretenuring off once the config is large, nested, async or overlapping, and on again however it ends', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', driver], {
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const seen = JSON.parse(result.stdout) as Record<string, number | boolean>;
    // A small config leaves V8 alone, and does not load node:v8 (and Node's streams) to do so.
    expect(seen).toMatchObject({ v8LoadedAtStart: false, v8LoadedBySmallConfig: false });
    // The probe sees pretenuring in this process, so its 0s below are not blindness.
    expect(seen['byDefault']).toBeGreaterThan(150_000);
    // Off: no object is born old; the end of one call leaves it off while another is under way.
    expect(seen).toMatchObject({ large: 0, afterNested: 0, acrossAwait: 0, afterFirstOfTwo: 0, smallAfterLarge: 0 });
    // On again: most objects of a new site are born old, as under V8's defaults.
    for (const after of ['afterReturn', 'afterThrow', 'afterRejection', 'afterBothOfTwo', 'afterSmallAfterLarge']) {
      expect(seen[after], after).toBeGreaterThan(150_000);
    }
  });
});
