/**
 * `pnpm bench:compile`: compile time of generated configs of 10 to 10,000 stages x 20 steps,
 * in-process (config construction excluded), with the growth ratio between sizes.
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { compile } from '@dockerdsl/core';
import { formatGrowth, median } from './figures.js';
import { configHeapNote, generateConfig } from './generateConfig.js';
import { hoistScalingBenchmark } from './hoistScaling.js';
import { memoryWalkBenchmark } from './memoryWalk.js';
import { settleHeap } from './settleHeap.js';

const SIZES = [10, 100, 1_000, 10_000];

/**
 * Runs per size. On this kind of VM one compile of 1,000 stages takes 17-57 ms from run to run
 * (other tenants): with a median of 7, eight runs of this benchmark printed growths of 6.3-14.7x
 * on one day; with 31, seven runs printed 10.1-14.2x. 10,000 stages take 3-5 s a run to generate,
 * so fewer there: 21, whose median moves less from one benchmark run to the next than 11's did.
 */
export function runsFor(stageCount: number): number {
  return stageCount <= 1_000 ? 31 : 21;
}

export interface CompileTiming {
  /** Median of the runs. */
  readonly ms: number;
  /** The fastest and slowest run: how much this machine's noise spreads them. */
  readonly minMs: number;
  readonly maxMs: number;
}

export function measureCompile(stageCount: number, runs: number): CompileTiming {
  // Warm-up: the JIT's optimised code, so every size is measured in the same (steady) state.
  for (let run = 0; run < 3; run++) compile(generateConfig(stageCount));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    // A fresh config each run, built outside the timing, so no memo of an earlier run helps.
    const config = generateConfig(stageCount);
    // Collect the garbage of building the config first, so the timing is the compile's own work,
    // not a collection of what the generator left behind (nor the sweep after it).
    settleHeap();
    const start = performance.now();
    compile(config);
    times.push(performance.now() - start);
  }
  return { ms: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

export interface CompileRow extends CompileTiming {
  readonly stages: number;
  readonly steps: number;
  /** Median over the previous size's median (10x fewer stages). */
  readonly ratio: number | undefined;
}

export function compileBenchmark(): CompileRow[] {
  const rows: CompileRow[] = [];
  let previous: number | undefined;
  for (const size of SIZES) {
    const timing = measureCompile(size, runsFor(size));
    rows.push({
      stages: size,
      steps: size * 20,
      ...timing,
      ratio: previous === undefined ? undefined : timing.ms / previous,
    });
    previous = timing.ms;
  }
  return rows;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1])) {
  console.log(
    `compile benchmark (median ms, in-process, 20 steps per stage; runs per size: ${SIZES.map(runsFor).join(', ')}; ${configHeapNote})`,
  );
  console.log('stages  steps    ms        range (min-max)    growth vs previous (10x stages)');
  for (const row of compileBenchmark()) {
    const range = `${row.minMs.toFixed(1)}-${row.maxMs.toFixed(1)}`;
    console.log(
      `${String(row.stages).padEnd(7)} ${String(row.steps).padEnd(8)} ${row.ms.toFixed(2).padEnd(9)} ${range.padEnd(18)} ${formatGrowth(row.ratio)}`,
    );
  }
  console.log('\nreference: one walk over every step of the same configs (memory alone, bench/memoryWalk.ts)');
  for (const row of memoryWalkBenchmark()) {
    console.log(
      `${String(row.stages).padEnd(7)} ${row.nsPerStep.toFixed(1).padEnd(6)} ns/step ${formatGrowth(row.ratio)}`,
    );
  }
  console.log('\nhoisting: pairs of stages sharing an image and a first RUN (one shared stage each), median of 11');
  for (const row of hoistScalingBenchmark()) {
    console.log(
      `${String(row.pairs).padEnd(5)} pairs ${String(row.sharedStages).padEnd(5)} shared stages ${row.ms.toFixed(2).padEnd(9)} ms ${formatGrowth(row.ratio)}`,
    );
  }
}
