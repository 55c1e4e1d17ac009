/**
 * The layer steps of a Dockerfile, numbered the way BuildKit's plain progress numbers them, and
 * which of them a one-file edit must (and may) rebuild. Enough of a parser for what `dsl` emits and
 * for hand-written test Dockerfiles: continuation lines, comments, flags, JSON-form sources.
 */

/** An instruction BuildKit runs as a vertex (and numbers `[stage i/n]`); metadata ones are not. */
const LAYER_INSTRUCTIONS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

export interface DockerfileStep {
  /** The stage's name (lower-cased `AS` name), or its position as a string when unnamed. */
  readonly stage: string;
  /** BuildKit's 1-based index in `[stage i/n]`: FROM counts only when it is an image (not scratch, not a stage). */
  readonly index: number;
  readonly instruction: string;
  /** The instruction's text after the keyword, continuation lines joined. */
  readonly text: string;
  /** `--name=value` flags (repeatable ones, like `--mount`, keep every value). */
  readonly flags: readonly (readonly [string, string])[];
  /** COPY/ADD sources (not the destination), unquoted. */
  readonly sources: readonly string[];
}

export interface DockerfileStage {
  readonly name: string;
  /** `FROM` argument: an image, `scratch`, or an earlier stage's name. */
  readonly from: string;
  /** True when `from` names an earlier stage. */
  readonly fromStage: boolean;
  /** The layer steps BuildKit numbers (FROM included only when it is numbered). */
  readonly steps: readonly DockerfileStep[];
}

/** Logical lines: continuations joined, comments and blank lines dropped. */
function logicalLines(dockerfile: string): string[] {
  const lines: string[] = [];
  let pending: string | undefined;
  for (const raw of dockerfile.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line)) continue;
    if (pending === undefined && line.trim() === '') continue;
    const continued = /\\\s*$/.test(line);
    const body = continued ? line.replace(/\\\s*$/, '') : line;
    pending = pending === undefined ? body : `${pending}${body}`;
    if (!continued) {
      lines.push(pending.trim());
      pending = undefined;
    }
  }
  if (pending !== undefined && pending.trim() !== '') lines.push(pending.trim());
  return lines;
}

function splitFlags(rest: string): { flags: [string, string][]; args: string } {
  const flags: [string, string][] = [];
  let args = rest.trim();
  for (;;) {
    const match = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(args);
    if (!match) break;
    flags.push([match[1] ?? '', match[2] ?? '']);
    args = args.slice(match[0].length);
  }
  return { flags, args };
}

function words(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed as string[];
    } catch {
      // Not JSON: BuildKit treats it as shell form too.
    }
  }
  return trimmed.split(/\s+/).filter((word) => word !== '');
}

/** Parses the stages of a Dockerfile and numbers their layer steps like BuildKit's progress output. */
export function dockerfileStages(dockerfile: string): DockerfileStage[] {
  const stages: { name: string; from: string; fromStage: boolean; steps: DockerfileStep[] }[] = [];
  for (const line of logicalLines(dockerfile)) {
    const keyword = /^(\S+)\s*(.*)$/.exec(line);
    if (!keyword) continue;
    const instruction = (keyword[1] ?? '').toUpperCase();
    const rest = keyword[2] ?? '';
    if (instruction === 'FROM') {
      const { flags, args } = splitFlags(rest);
      const parts = words(args);
      const from = parts[0] ?? '';
      const name = (parts[1]?.toUpperCase() === 'AS' ? parts[2] : undefined)?.toLowerCase() ?? String(stages.length);
      const fromStage = stages.some((stage) => stage.name === from.toLowerCase());
      const steps: DockerfileStep[] = [];
      // BuildKit numbers FROM only when it pulls an image: scratch and earlier stages are not vertices.
      if (!fromStage && from !== 'scratch') {
        steps.push({ stage: name, index: 1, instruction, text: rest, flags, sources: [] });
      }
      stages.push({ name, from: fromStage ? from.toLowerCase() : from, fromStage, steps });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (stage === undefined || !LAYER_INSTRUCTIONS.has(instruction)) continue;
    const { flags, args } = splitFlags(rest);
    const sources = instruction === 'COPY' || instruction === 'ADD' ? words(args).slice(0, -1) : [];
    stage.steps.push({ stage: stage.name, index: stage.steps.length + 1, instruction, text: rest, flags, sources });
  }
  return stages;
}

function flagValues(step: DockerfileStep, name: string): string[] {
  return step.flags.filter(([flag]) => flag === name).map(([, value]) => value);
}

/** `key=value` fields of a `--mount` value. */
function mountFields(value: string): Record<string, string> {
  return Object.fromEntries(
    value.split(',').map((field) => {
      const at = field.indexOf('=');
      return at === -1 ? [field, 'true'] : [field.slice(0, at), field.slice(at + 1)];
    }),
  );
}

/** The stages a step reads besides its own: `COPY --from=stage`, `RUN --mount=...,from=stage`. */
function stagesRead(step: DockerfileStep): string[] {
  const read = flagValues(step, 'from');
  for (const mount of flagValues(step, 'mount')) {
    const from = mountFields(mount)['from'];
    if (from !== undefined) read.push(from);
  }
  return read.map((name) => name.toLowerCase());
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}(/.*)?$`);
}

/** Whether a context source (`.`, `src/`, `app.py`, `*.py`) includes `file` (relative to the context). */
export function sourceIncludes(source: string, file: string): boolean {
  const normalized = source.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (normalized === '' || normalized === '.') return true;
  if (/[*?[]/.test(normalized)) return globToRegExp(normalized).test(file);
  return file === normalized || file.startsWith(`${normalized}/`);
}

/** Whether a step reads `file` from the build context (COPY/ADD without --from, or a bind mount of it). */
function readsContextFile(step: DockerfileStep, file: string): boolean {
  if ((step.instruction === 'COPY' || step.instruction === 'ADD') && flagValues(step, 'from').length === 0) {
    return step.sources.some((source) => sourceIncludes(source, file));
  }
  if (step.instruction === 'RUN') {
    return flagValues(step, 'mount').some((mount) => {
      const fields = mountFields(mount);
      const type = fields['type'] ?? 'bind';
      return type === 'bind' && fields['from'] === undefined && sourceIncludes(fields['source'] ?? '.', file);
    });
  }
  return false;
}

/** Identifies a step in the progress log: `stage#index`. */
export function stepKey(step: { readonly stage: string | undefined; readonly index: number }): string {
  return `${step.stage ?? '?'}#${step.index}`;
}

export interface RebuildPrediction {
  /** Steps that must run again: each stage's first step reading the file, and everything after it in that stage. */
  readonly required: readonly DockerfileStep[];
  /**
   * Steps that may run again: `required`, plus the steps from a `COPY --from`/`--mount from=` of a
   * changed stage onward (BuildKit may serve those from cache when the copied files came out
   * byte-identical), and every step of a stage built FROM a changed stage.
   */
  readonly allowed: readonly DockerfileStep[];
  /** The stages the build of `target` reaches. */
  readonly stages: readonly string[];
}

/**
 * Which steps a build of `target` must and may rerun after `file` (relative to the context) is
 * edited, the rest of the cache being warm. Cache keys chain within a stage, so once a step reruns
 * every later step of its stage reruns too (except WORKDIR, which Engine 20.10 reports CACHED
 * regardless, and which is left out of `required`).
 */
export function predictRebuild(dockerfile: string, file: string, target?: string): RebuildPrediction {
  const stages = dockerfileStages(dockerfile);
  const byName = new Map(stages.map((stage) => [stage.name, stage]));
  const targetName = target?.toLowerCase() ?? stages[stages.length - 1]?.name;
  const reached = new Set<string>();
  const visit = (name: string) => {
    const stage = byName.get(name);
    if (stage === undefined || reached.has(name)) return;
    reached.add(name);
    if (stage.fromStage) visit(stage.from);
    for (const step of stage.steps) for (const read of stagesRead(step)) visit(read);
  };
  if (targetName !== undefined) visit(targetName);

  // Stages that certainly rebuild (they read the file, or start FROM such a stage), and those that
  // may (they copy from a stage that may have changed).
  const mustChange = new Set<string>();
  const mayChange = new Set<string>();
  const required: DockerfileStep[] = [];
  const allowed: DockerfileStep[] = [];
  for (const stage of stages) {
    if (!reached.has(stage.name)) continue;
    // A stage built FROM a changed stage starts from a new parent: all of it reruns.
    let requiredFrom = stage.fromStage && mustChange.has(stage.from) ? 0 : undefined;
    let allowedFrom = stage.fromStage && mayChange.has(stage.from) ? 0 : undefined;
    stage.steps.forEach((step, position) => {
      if (requiredFrom === undefined && readsContextFile(step, file)) requiredFrom = position;
      if (allowedFrom === undefined && (requiredFrom !== undefined || stagesRead(step).some((s) => mayChange.has(s)))) {
        allowedFrom = position;
      }
    });
    if (requiredFrom !== undefined) mustChange.add(stage.name);
    if (allowedFrom === undefined) continue;
    mayChange.add(stage.name);
    for (const [position, step] of stage.steps.entries()) {
      if (position < allowedFrom) continue;
      allowed.push(step);
      if (requiredFrom !== undefined && position >= requiredFrom && step.instruction !== 'WORKDIR') required.push(step);
    }
  }
  return { required, allowed, stages: stages.filter((stage) => reached.has(stage.name)).map((stage) => stage.name) };
}

/**
 * The Dockerfile with every relative `--mount=...,target=DIR` made absolute against the stage's
 * WORKDIR, which is what BuildKit does with it. Buildah 1.28 refuses relative mount targets; this
 * lets an e2e test show that nothing else stands in Buildah's way (docs/builders.md).
 */
export function absoluteMountTargets(dockerfile: string): string {
  const workdirs = new Map<string, string>();
  let stage = '';
  let workdir = '/';
  return dockerfile
    .split('\n')
    .map((line) => {
      const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
      if (from) {
        workdirs.set(stage, workdir);
        workdir = workdirs.get((from[1] ?? '').toLowerCase()) ?? '/';
        stage = (from[2] ?? '').toLowerCase();
        return line;
      }
      const set = /^WORKDIR\s+(\S+)/i.exec(line);
      if (set) {
        const dir = set[1] ?? '/';
        workdir = dir.startsWith('/') ? dir : `${workdir.replace(/\/$/, '')}/${dir}`;
        return line;
      }
      return line.replace(/(--mount=\S*?\btarget=)([^/,\s][^,\s]*)/g, (_all, prefix: string, target: string) => {
        return `${prefix}${workdir.replace(/\/$/, '')}/${target}`;
      });
    })
    .join('\n');
}
