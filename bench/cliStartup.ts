import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './figures.js';

export interface StartupRow {
  readonly example: string;
  readonly mode: 'node -e 0' | 'repeat' | 'repeat, no result cache' | 'cold';
  readonly medianMs: number;
  /** The median over the baseline's median. */
  readonly ratio: number;
  /**
   * The median of each round's ratio to the `node -e 0` run that opened the example's turn in that
   * round (a run or two before): a spell that slows the whole turn cancels out, where it shifts the
   * medians apart.
   */
  readonly pairedRatio: number;
}

function timeRuns(command: readonly string[], runs: number, prepare?: () => void, env?: NodeJS.ProcessEnv): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    prepare?.();
    const start = process.hrtime.bigint();
    const result = spawnSync(command[0] as string, command.slice(1), {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(env ? { env: { ...process.env, ...env } } : {}),
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
    times.push(elapsed);
  }
  return times;
}

/** One example's commands and samples. */
interface ExampleRuns {
  readonly example: string;
  readonly configPath: string;
  readonly original: string;
  readonly build: readonly string[];
  readonly base: number[];
  readonly repeat: number[];
  readonly repeatNoResultCache: number[];
  readonly cold: number[];
}

/**
 * CLI wall time of `dsl build --stdout` per example, as a ratio to `node -e 0` measured in the same
 * run: "repeat" (config unchanged: the result cache serves a pure config's Dockerfile), "repeat, no
 * result cache" (DSL_RESULT_CACHE=0: the config loads from the transpile cache and compiles) and
 * "cold" (the config edited just before each run: transpiled again). Warm-up runs first; medians of `runs` runs.
 * Interleaved twice over: each round runs, for every example in turn (starting one example later
 * than the round before), `node -e 0`, a repeat and a cold build. So the machine's slow and fast
 * spells (on a shared VM they last seconds and change run times by half) fall on every example and
 * on its baseline alike, instead of on whichever example's runs they happened to meet.
 */
export function cliStartup(repoRoot: string, examples: readonly string[], runs = 15): StartupRow[] {
  const bin = join(repoRoot, 'packages/cli/dist/dsl.cjs');
  const baseline = [process.execPath, '-e', '0'];
  const all: ExampleRuns[] = examples.map((example) => {
    const configPath = join(repoRoot, 'examples', example, 'docker.config.ts');
    return {
      example,
      configPath,
      original: readFileSync(configPath, 'utf8'),
      build: [process.execPath, bin, 'build', join(repoRoot, 'examples', example), '--stdout'],
      base: [],
      repeat: [],
      repeatNoResultCache: [],
      cold: [],
    };
  });
  try {
    timeRuns(baseline, 3);
    for (const one of all) timeRuns(one.build, 3);
    let edit = 0;
    // A repeat run finds the config as the cold run before it left it, and cached by that run.
    for (let i = 0; i < runs; i++) {
      // Each round starts one example later, so no example keeps the same place in the round: a
      // spell that recurs with the round's period would otherwise fall on one example every time.
      for (let k = 0; k < all.length; k++) {
        const one = all[(i + k) % all.length] as ExampleRuns;
        one.base.push(...timeRuns(baseline, 1));
        one.repeat.push(...timeRuns(one.build, 1));
        one.repeatNoResultCache.push(...timeRuns(one.build, 1, undefined, { DSL_RESULT_CACHE: '0' }));
        one.cold.push(
          ...timeRuns(one.build, 1, () => {
            writeFileSync(one.configPath, one.original);
            appendFileSync(one.configPath, `// bench edit ${edit++}\n`);
          }),
        );
      }
    }
  } finally {
    for (const one of all) writeFileSync(one.configPath, one.original);
  }
  const rows: StartupRow[] = [];
  for (const one of all) {
    const baseMs = median(one.base);
    rows.push({ example: one.example, mode: 'node -e 0', medianMs: baseMs, ratio: 1, pairedRatio: 1 });
    const modes = [
      ['repeat', one.repeat],
      ['repeat, no result cache', one.repeatNoResultCache],
      ['cold', one.cold],
    ] as const;
    for (const [mode, times] of modes) {
      rows.push({
        example: one.example,
        mode,
        medianMs: median(times),
        ratio: median(times) / baseMs,
        pairedRatio: median(pairedRatios(times, one.base)),
      });
    }
  }
  return rows;
}

/** Each run's time over the baseline run of the same round (same index). */
function pairedRatios(times: readonly number[], base: readonly number[]): number[] {
  const ratios: number[] = [];
  for (let index = 0; index < times.length; index++) ratios.push((times[index] as number) / (base[index] as number));
  return ratios;
}
