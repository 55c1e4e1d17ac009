import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { indexTar } from './tarIndex.js';

const dir = mkdtempSync(join(tmpdir(), 'dsl-e2e-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('sizes of every file, contents only of the kept ones, long GNU names included', async () => {
  const longDir = 'd'.repeat(120);
  mkdirSync(join(dir, 'src', longDir), { recursive: true });
  writeFileSync(join(dir, 'src', 'manifest.json'), '[{"Layers":["a/layer.tar"]}]');
  writeFileSync(join(dir, 'src', 'big.bin'), Buffer.alloc(70_000, 7));
  writeFileSync(join(dir, 'src', 'empty'), '');
  writeFileSync(join(dir, 'src', longDir, 'x.txt'), 'xyz');
  execFileSync('tar', ['--format=gnu', '-C', join(dir, 'src'), '-cf', join(dir, 'a.tar'), '.']);

  const index = await indexTar(createReadStream(join(dir, 'a.tar'), { highWaterMark: 1000 }), (path) =>
    path.endsWith('.json'),
  );
  expect(Object.fromEntries(index.sizes)).toEqual({
    'manifest.json': 28,
    'big.bin': 70_000,
    empty: 0,
    [`${longDir}/x.txt`]: 3,
  });
  expect([...index.contents.keys()]).toEqual(['manifest.json']);
  expect(index.contents.get('manifest.json')?.toString()).toBe('[{"Layers":["a/layer.tar"]}]');
});
