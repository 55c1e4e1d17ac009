/**
 * Compile time of configs whose stages come in pairs sharing an image and a first RUN, so that
 * hoistSharedPrefix makes one shared stage per pair: 100 and 1,000 pairs, with the growth. The
 * pass once walked every stage again after each shared stage it made (1,000 pairs: 2.3 s).
 */
import { type Config, compile, copy, run, type Stage, stage } from '@dockerdsl/core';
import { median } from './figures.js';
import { settleHeap } from './settleHeap.js';

const PAIRS = [100, 1_000];
const RUNS = 11;

function pairedConfig(pairs: number): Config {
  const stages: Stage[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const shared = [run(`apt-get install -y tool${pair}`)];
    stages.push(stage(`a${pair}`, { from: `image${pair}:1` }, [...shared, copy('a', '/a')]));
    stages.push(stage(`b${pair}`, { from: `image${pair}:1` }, [...shared, copy('b', '/b')]));
  }
  return { targets: stages, stages };
}

export interface HoistRow {
  readonly pairs: number;
  readonly sharedStages: number;
  readonly ms: number;
  readonly ratio: number | undefined;
}

export function hoistScalingBenchmark(): HoistRow[] {
  let previous: number | undefined;
  return PAIRS.map((pairs) => {
    compile(pairedConfig(pairs));
    const times: number[] = [];
    let sharedStages = 0;
    for (let run = 0; run < RUNS; run++) {
      const config = pairedConfig(pairs);
      settleHeap();
      const start = performance.now();
      const { build } = compile(config);
      times.push(performance.now() - start);
      sharedStages = build.stages.filter((s) => s.name.endsWith('-common')).length;
    }
    const ms = median(times);
    const ratio = previous === undefined ? undefined : ms / previous;
    previous = ms;
    return { pairs, sharedStages, ms, ratio };
  });
}
