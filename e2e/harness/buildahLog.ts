/** One instruction as `buildah bud` reports it (`[2/3] STEP 3/5: COPY app.py /app/app.py`). */
export interface BuildahStep {
  /** 1-based stage position and stage count; both 1 for a single-stage build. */
  readonly stage: number;
  readonly stages: number;
  readonly index: number;
  readonly total: number;
  readonly instruction: string;
  readonly text: string;
  /** Buildah printed `--> Using cache <id>` for it (only with `--layers`). */
  readonly cached: boolean;
}

const STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): (([A-Za-z]+)\b.*)$/;

/** Parses `buildah bud` output. Unlike BuildKit, Buildah lists metadata steps (ENV, CMD) too. */
export function parseBuildahLog(log: string): BuildahStep[] {
  const steps: BuildahStep[] = [];
  let current: { -readonly [K in keyof BuildahStep]: BuildahStep[K] } | undefined;
  for (const line of log.split('\n')) {
    const match = STEP.exec(line.trimEnd());
    if (match) {
      current = {
        stage: Number(match[1] ?? 1),
        stages: Number(match[2] ?? 1),
        index: Number(match[3]),
        total: Number(match[4]),
        instruction: (match[6] ?? '').toUpperCase(),
        text: match[5] ?? '',
        cached: false,
      };
      steps.push(current);
    } else if (current !== undefined && line.startsWith('--> Using cache ')) {
      current.cached = true;
    }
  }
  return steps;
}

/** Steps Buildah really ran: not cached, and not FROM (which is never reported as cached). */
export function executedBuildahSteps(steps: readonly BuildahStep[]): BuildahStep[] {
  return steps.filter((step) => step.instruction !== 'FROM' && !step.cached);
}
