/**
 * The machine's share of the compile's growth: one walk over every step of the same generated
 * configs, reading two fields of each, as the compiler's lightest passes do, and nothing else.
 * Its growth for 10x the stages is what memory alone costs here (caches, TLB), with no algorithm
 * in it; a pass that only reads each step grows by about as much. A reference printed beside the
 * compile benchmark, not a target.
 */
import type { Config, StageItem } from '@dockerdsl/core';
import { median } from './figures.js';
import { generateConfig } from './generateConfig.js';
import { settleHeap } from './settleHeap.js';

const SIZES = [1_000, 10_000];

function walk(config: Config): number {
  let seen = 0;
  for (const stage of config.stages ?? []) {
    for (let index = 0; index < stage.items.length; index++) {
      const item = stage.items[index] as StageItem;
      if (item.kind === 'run' && item.origin !== undefined) seen++;
    }
  }
  return seen;
}

export function memoryWalkBenchmark(runs = 31): { stages: number; nsPerStep: number; ratio: number | undefined }[] {
  let previous: number | undefined;
  return SIZES.map((size) => {
    const config = generateConfig(size);
    settleHeap();
    for (let run = 0; run < 3; run++) walk(config);
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      walk(config);
      times.push(performance.now() - start);
    }
    const ms = median(times);
    const ratio = previous === undefined ? undefined : ms / previous;
    previous = ms;
    return { stages: size, nsPerStep: (ms * 1e6) / (size * 20), ratio };
  });
}
