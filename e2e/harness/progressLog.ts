/** What BuildKit reported for one Dockerfile instruction. */
export type StepStatus = 'cached' | 'done' | 'error' | 'canceled' | 'incomplete';

/** One Dockerfile instruction as it appears in `docker build --progress=plain` output. */
export interface BuildStep {
  /** BuildKit's vertex number, the `N` of `#N`. */
  readonly vertex: number;
  /** Stage name from `[base 2/3]`; undefined when BuildKit printed no name (`[2/3]`). */
  readonly stage: string | undefined;
  /** 1-based position of the instruction in its stage, and the stage's instruction count. */
  readonly index: number;
  readonly total: number;
  /** Upper-case keyword: FROM, RUN, COPY, ADD, WORKDIR... */
  readonly instruction: string;
  /** The vertex name after the bracket, e.g. `RUN pip install requests`. */
  readonly text: string;
  readonly status: StepStatus;
  /** From `#N DONE 4.4s`; undefined for cached or unfinished steps. */
  readonly seconds: number | undefined;
  /** The step's own output lines (`#N 1.196 Collecting requests` gives `Collecting requests`). */
  readonly output: readonly string[];
  /** The error text of `#N ERROR: ...`, when the step failed. */
  readonly error: string | undefined;
}

// `[base 2/3] RUN ...`, `[2/3] COPY ...`; the `[internal] ...` and `exporting to image` vertices
// are BuildKit's own bookkeeping, not instructions, and never match.
const INSTRUCTION = /^\[(?:(\S+) )?(\d+)\/(\d+)\] ([A-Za-z]+)\b/;
const LINE = /^#(\d+) (.*)$/;
const DONE = /^DONE (\d+(?:\.\d+)?)s$/;
const OUTPUT = /^\d+\.\d+ (.*)$/;

interface Vertex {
  name: string;
  status: StepStatus;
  seconds: number | undefined;
  output: string[];
  error: string | undefined;
}

/**
 * Parses plain progress output into the instructions BuildKit ran or took from its cache, in
 * vertex order. Output of parallel vertices interleaves, so lines are grouped by `#N`.
 */
export function parseProgressLog(log: string): BuildStep[] {
  const vertices = new Map<number, Vertex>();
  for (const line of log.split('\n')) {
    const match = LINE.exec(line.trimEnd());
    if (!match) continue;
    const id = Number(match[1]);
    const rest = match[2] ?? '';
    const vertex = vertices.get(id);
    if (vertex === undefined) {
      vertices.set(id, { name: rest, status: 'incomplete', seconds: undefined, output: [], error: undefined });
      continue;
    }
    if (rest === vertex.name || rest.startsWith('sha256:')) continue;
    const done = DONE.exec(rest);
    if (rest === 'CACHED') vertex.status = 'cached';
    else if (done) {
      vertex.status = 'done';
      vertex.seconds = Number(done[1]);
    } else if (rest.startsWith('ERROR')) {
      vertex.status = 'error';
      vertex.error = rest.replace(/^ERROR:? ?/, '');
    } else if (rest.startsWith('CANCELED')) vertex.status = 'canceled';
    else {
      const output = OUTPUT.exec(rest);
      if (output) vertex.output.push(output[1] ?? '');
    }
  }
  const steps: BuildStep[] = [];
  for (const [id, vertex] of [...vertices].sort(([a], [b]) => a - b)) {
    const match = INSTRUCTION.exec(vertex.name);
    if (!match) continue;
    steps.push({
      vertex: id,
      stage: match[1],
      index: Number(match[2]),
      total: Number(match[3]),
      instruction: (match[4] ?? '').toUpperCase(),
      text: vertex.name.slice(vertex.name.indexOf(']') + 2),
      status: vertex.status,
      seconds: vertex.seconds,
      output: vertex.output,
      error: vertex.error,
    });
  }
  return steps;
}

/**
 * The steps that really ran (not served from cache). FROM is left out: a local base image is
 * reported `DONE 0.0s` on every build, never CACHED, so counting it would hide real cache hits.
 */
export function executedSteps(steps: readonly BuildStep[]): BuildStep[] {
  return steps.filter((step) => step.instruction !== 'FROM' && step.status !== 'cached');
}

export interface StepSummary {
  readonly executed: number;
  readonly cached: number;
  /** Sum of the executed steps' own DONE times (not wall time: steps can run in parallel). */
  readonly executedSeconds: number;
}

export function summarizeSteps(steps: readonly BuildStep[]): StepSummary {
  const executed = executedSteps(steps);
  return {
    executed: executed.length,
    cached: steps.filter((step) => step.status === 'cached').length,
    executedSeconds: Math.round(executed.reduce((sum, step) => sum + (step.seconds ?? 0), 0) * 10) / 10,
  };
}
