import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './figures.js';

export interface StartupRow {
  readonly example: string;
  readonly mode: 'node -e 0' | 'repeat' | 'cold';
  readonly medianMs: number;
  readonly ratio: number;
}

function timeRuns(command: string[], runs: number, prepare?: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    prepare?.();
    const start = process.hrtime.bigint();
    const result = spawnSync(command[0] as string, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
    times.push(elapsed);
  }
  return times;
}

/**
 * CLI wall time of `dsl build --stdout` per example, as a ratio to `node -e 0` measured in the same
 * run, interleaved so machine load affects both alike: "repeat" (config unchanged: served from the
 * transpile cache) and "cold" (the config edited just before each run: transpiled again).
 * Warm-up runs first; medians of `runs` runs.
 */
export function cliStartup(repoRoot: string, examples: readonly string[], runs = 15): StartupRow[] {
  const bin = join(repoRoot, 'packages/cli/dist/dsl.cjs');
  const rows: StartupRow[] = [];
  for (const example of examples) {
    const configPath = join(repoRoot, 'examples', example, 'docker.config.ts');
    const original = readFileSync(configPath, 'utf8');
    const build = [process.execPath, bin, 'build', join(repoRoot, 'examples', example), '--stdout'];
    const baseline = [process.execPath, '-e', '0'];
    try {
      timeRuns(baseline, 3);
      timeRuns(build, 3);
      const base: number[] = [];
      const repeat: number[] = [];
      const cold: number[] = [];
      let edit = 0;
      for (let i = 0; i < runs; i++) {
        base.push(...timeRuns(baseline, 1));
        repeat.push(...timeRuns(build, 1));
        cold.push(
          ...timeRuns(build, 1, () => {
            writeFileSync(configPath, original);
            appendFileSync(configPath, `// bench edit ${edit++}\n`);
          }),
        );
      }
      const baseMs = median(base);
      rows.push({ example, mode: 'node -e 0', medianMs: baseMs, ratio: 1 });
      rows.push({ example, mode: 'repeat', medianMs: median(repeat), ratio: median(repeat) / baseMs });
      rows.push({ example, mode: 'cold', medianMs: median(cold), ratio: median(cold) / baseMs });
    } finally {
      writeFileSync(configPath, original);
    }
  }
  return rows;
}
