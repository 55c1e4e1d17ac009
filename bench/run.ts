/**
 * `pnpm bench`: CLI start-up ratios, compile scaling and (when the e2e suite has run on this
 * machine) rebuild figures, written to bench/results.md with the machine's details.
 * Figures only: nothing here asserts a timing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliStartup } from './cliStartup.js';
import { compileBenchmark, runsFor } from './compile.js';
import { formatGrowth } from './figures.js';
import { configHeapNote } from './generateConfig.js';
import { hoistScalingBenchmark } from './hoistScaling.js';
import { memoryWalkBenchmark } from './memoryWalk.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const examples = readdirSync(join(repoRoot, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, 'examples', entry.name, 'docker.config.ts')))
  .map((entry) => entry.name)
  .sort();

const lines: string[] = ['# Benchmark results', ''];
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
lines.push(
  `Machine: ${machine}. Load average at start: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}.`,
  '',
);
console.log(machine);

console.log('CLI start-up (this takes a minute)...');
const startup = cliStartup(repoRoot, examples);
lines.push('## `dsl build --stdout` wall time, median of 15, as a ratio to `node -e 0` in the same run', '');
lines.push(
  '| example | mode | median ms | ratio to node -e 0 | median of paired ratios |',
  '| --- | --- | --- | --- | --- |',
);
for (const row of startup) {
  lines.push(
    `| ${row.example} | ${row.mode} | ${row.medianMs.toFixed(1)} | ${row.ratio.toFixed(2)}x | ${row.pairedRatio.toFixed(2)}x |`,
  );
}
lines.push(
  '',
  'repeat: config unchanged (a pure config is served by the result cache: not loaded, not compiled; see docs/cli.md). repeat, no result cache: the same with DSL_RESULT_CACHE=0 (loaded from the transpile cache and compiled). cold: config edited just before each run. Each of the 15 rounds runs every example in turn, each time `node -e 0`, the two repeats and a cold build, so slow spells of the machine fall on all rows alike. ratio to node -e 0: the median over the median of the node -e 0 runs. Median of paired ratios: each run over the `node -e 0` run that opened the turn of the example in the same round, then the median of those 15; a spell that slows the whole turn cancels out of it.',
  '',
);

console.log('compile scaling...');
lines.push(
  `## Compile time, in-process, 20 steps per stage (median of ${runsFor(1_000)} runs, ${runsFor(10_000)} at 10,000 stages; ${configHeapNote})`,
  '',
);
lines.push(
  '| stages | steps | ms | fastest-slowest run, ms | growth for 10x stages |',
  '| --- | --- | --- | --- | --- |',
);
for (const row of compileBenchmark()) {
  lines.push(
    `| ${row.stages} | ${row.steps} | ${row.ms.toFixed(2)} | ${row.minMs.toFixed(1)}-${row.maxMs.toFixed(1)} | ${formatGrowth(row.ratio)} |`,
  );
}
lines.push('');
const walkRows = memoryWalkBenchmark();
lines.push(
  'For reference, what memory alone costs on this machine: one walk over every step of the same configs, reading two fields of each (bench/memoryWalk.ts):',
  '',
  '| stages | ns per step | growth for 10x stages |',
  '| --- | --- | --- |',
  ...walkRows.map((row) => `| ${row.stages} | ${row.nsPerStep.toFixed(1)} | ${formatGrowth(row.ratio)} |`),
  '',
);

lines.push(
  'Hoisting at scale: pairs of stages sharing an image and a first RUN, one shared stage made per pair (bench/hoistScaling.ts, median of 11):',
  '',
  '| pairs | shared stages | ms | growth for 10x pairs |',
  '| --- | --- | --- | --- |',
  ...hoistScalingBenchmark().map(
    (row) => `| ${row.pairs} | ${row.sharedStages} | ${row.ms.toFixed(2)} | ${formatGrowth(row.ratio)} |`,
  ),
  '',
);

const e2eFigures = join(repoRoot, 'e2e', 'results', 'cache-figures.json');
lines.push('## Rebuild after a one-file source edit, compiled vs naive Dockerfile (real BuildKit)', '');
if (existsSync(e2eFigures)) {
  const figures = JSON.parse(readFileSync(e2eFigures, 'utf8')) as {
    example: string;
    compiled: { rebuiltSteps: number; seconds: number; newLayerBytes: number };
    naive: { rebuiltSteps: number; seconds: number; newLayerBytes: number };
  }[];
  lines.push(
    '| example | rebuilt steps (compiled / naive) | rebuild s (compiled / naive) | new layer bytes (compiled / naive) |',
  );
  lines.push('| --- | --- | --- | --- |');
  for (const f of figures) {
    lines.push(
      `| ${f.example} | ${f.compiled.rebuiltSteps} / ${f.naive.rebuiltSteps} | ${f.compiled.seconds.toFixed(1)} / ${f.naive.seconds.toFixed(1)} | ${f.compiled.newLayerBytes} / ${f.naive.newLayerBytes} |`,
    );
  }
} else {
  lines.push(
    'No engine figures: run `bash scripts/engine.sh && pnpm test:e2e` first (it writes e2e/results/cache-figures.json).',
  );
}
lines.push('');

writeFileSync(join(repoRoot, 'bench', 'results.md'), lines.join('\n'));
console.log(lines.join('\n'));
