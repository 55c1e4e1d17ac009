import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { assertBuilt, buildWithBuildKit } from './buildkit.js';
import { requireEngine } from './engine.js';
import { removeImages, uniqueTag } from './images.js';
import { imageLayers, newLayerBytes } from './layers.js';

const engine = await requireEngine();

describe.skipIf(!engine.ok)('newLayerBytes against real images', () => {
  const context = mkdtempSync(join(tmpdir(), 'dsl-e2e-layers-'));
  const tags: string[] = [];
  afterAll(async () => {
    await removeImages(tags);
    rmSync(context, { recursive: true, force: true });
  });

  test('an image that adds one 100 kB file costs that layer and nothing else', async () => {
    writeFileSync(join(context, 'blob.bin'), Buffer.alloc(100_000, 1));
    const base = uniqueTag('layers', 'base');
    const next = uniqueTag('layers', 'next');
    tags.push(base, next);
    // A unique file per run, so the build cannot come from another run's cache with other layers.
    const marker = `RUN echo ${process.pid}-${Date.now()} > /marker`;
    const first = await buildWithBuildKit({ dockerfile: `FROM busybox:1.36\n${marker}\n`, context, tag: base });
    assertBuilt(first);
    const second = await buildWithBuildKit({
      dockerfile: `FROM busybox:1.36\n${marker}\nCOPY blob.bin /blob.bin\n`,
      context,
      tag: next,
    });
    assertBuilt(second);

    const diff = await newLayerBytes(base, next);
    const baseLayers = await imageLayers(base);
    expect(diff.reusedLayers).toBe(baseLayers.length);
    expect(diff.newLayers).toHaveLength(1);
    // The layer is a tar: the file plus headers and padding, so a little more than 100 000 bytes.
    expect(diff.newBytes).toBeGreaterThanOrEqual(100_000);
    expect(diff.newBytes).toBeLessThan(110_000);
    expect(diff.totalBytes).toBe(baseLayers.reduce((sum, layer) => sum + layer.bytes, 0) + diff.newBytes);
  });
});
