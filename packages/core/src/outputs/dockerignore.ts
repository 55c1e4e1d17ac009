import { GENERATED_HEADER } from '../emit/emitDockerfile.js';
import { DslError } from '../errors.js';
import type { DockerignoreConfig } from '../ir/outputs.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import { contextReads, hasGlob, normalizeContextPath } from './contextReads.js';

export interface DockerignoreOptions {
  /** Shown in the header, e.g. `docker.config.ts`. */
  readonly sourceName?: string;
  /**
   * dsl's own files in the context, relative to its root: those it writes (the Dockerfile,
   * docker-bake.json) and those it reads (the config, dsl.lock). When a step copies the whole
   * context they are left out of it, with `.git`.
   */
  readonly generated?: readonly string[];
}

export interface DockerignorePlan {
  /** True when some step reads the whole context (`COPY . .`): there is no `*` line. */
  readonly wholeContext: boolean;
  /** Where the whole context is read, for the file's comment: `COPY in stage "base"`. */
  readonly wholeContextReader?: string;
  /** Paths re-included after `*`, sorted, none inside another. */
  readonly allowed: readonly string[];
  /** Patterns left out, in order: defaults (whole context only), then the config's `exclude`. */
  readonly excluded: readonly string[];
}

/**
 * What the `.dockerignore` keeps: the context paths every target reads (pass the build of all
 * targets), plus the config's `extra` paths; minus its `exclude` patterns.
 *
 * Docker's matching rules this relies on (moby/patternmatcher, as used by BuildKit and the legacy
 * builder): the last matching line wins; a pattern that matches a directory matches everything
 * under it, so `!src` re-includes the directory's contents; an excluded directory is still walked
 * when some `!` pattern starts with its path, so `!a/b/c.txt` and `!a/*.txt` work below `*`. A
 * wildcard in a directory component (`src/*\/main.go`) would not be walked into: the literal
 * directory before it is re-included whole instead.
 */
export function planDockerignore(
  build: ResolvedBuild,
  settings: true | DockerignoreConfig | undefined,
  options: DockerignoreOptions = {},
): DockerignorePlan {
  const config = settings === true || settings === undefined ? {} : settings;
  const reads = contextReads(build).map((read) => {
    const reader = `${read.step.kind === 'run' ? 'a bind mount' : read.step.kind.toUpperCase()} in stage "${read.stage}"`;
    return { pattern: allowPattern(read.path, reader), reader };
  });
  const extras = (config.extra ?? []).map((path) => ({
    pattern: allowPattern(path, 'dockerignore.extra'),
    reader: 'dockerignore.extra',
  }));
  const all = [...reads, ...extras];
  const whole = all.find((entry) => entry.pattern === '');
  const user = (config.exclude ?? []).map((line) => checkLine(line, 'dockerignore.exclude'));
  if (whole) {
    // A path some step (or extra) names explicitly stays, even `.git` or the Dockerfile.
    const kept = new Set(all.map((entry) => entry.pattern).filter((pattern) => pattern !== ''));
    const defaults = ['.git', ...(options.generated ?? []).map(normalizeContextPath)].filter(
      (path) => path !== '' && !kept.has(path) && ![...kept].some((extra) => extra.startsWith(`${path}/`)),
    );
    return {
      wholeContext: true,
      wholeContextReader: whole.reader,
      allowed: [],
      excluded: unique([...defaults, ...user]),
    };
  }
  return { wholeContext: false, allowed: minimalCover(all.map((entry) => entry.pattern)), excluded: unique(user) };
}

/** The `.dockerignore` text: deterministic, with dsl's generated-file header first. */
export function renderDockerignore(
  build: ResolvedBuild,
  settings: true | DockerignoreConfig | undefined,
  options: DockerignoreOptions = {},
): string {
  const plan = planDockerignore(build, settings, options);
  const source = options.sourceName ?? 'docker.config.ts';
  const lines = [
    `${GENERATED_HEADER} from ${source}. Do not edit: change the config and run: dsl build --dockerignore`,
  ];
  if (plan.wholeContext) {
    lines.push(`# ${plan.wholeContextReader} reads the whole context: only these are left out of it.`);
  } else {
    lines.push('# Allow-list: the context holds only what the build reads (COPY/ADD sources, bind mounts).', '*');
    for (const path of plan.allowed) lines.push(`!${path}`);
  }
  if (plan.excluded.length > 0) {
    if (!plan.wholeContext) lines.push('# Left out even inside the paths above (dockerignore.exclude):');
    lines.push(...plan.excluded);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The pattern that re-includes a read path: the normalised path; for a wildcard in a directory
 * component, the literal directory before it ('' = the whole context).
 */
function allowPattern(path: string, where: string): string {
  checkLine(path, where);
  const parts = normalizeContextPath(path).split('/').filter(Boolean);
  const firstGlob = parts.findIndex(hasGlob);
  if (firstGlob === -1 || firstGlob === parts.length - 1) return parts.join('/');
  return parts.slice(0, firstGlob).join('/');
}

function checkLine(line: string, where: string): string {
  if (/[\r\n\0]/.test(line) || line !== line.trim()) {
    throw new DslError(
      `the context path ${JSON.stringify(line)} (${where}) cannot be written to a .dockerignore: lines are trimmed and end at a newline`,
      { path: 'dockerignore' },
      'rename the file, or leave .dockerignore generation off for this config',
    );
  }
  return line;
}

/** Sorted, unique, and without paths inside a literal directory that is itself allowed. */
function minimalCover(patterns: readonly string[]): string[] {
  const sorted = unique(patterns).sort(byCodePoint);
  const literal = new Set(sorted.filter((pattern) => !hasGlob(pattern)));
  return sorted.filter((pattern) => {
    const parts = pattern.split('/');
    for (let length = 1; length < parts.length; length++) {
      if (literal.has(parts.slice(0, length).join('/'))) return false;
    }
    return true;
  });
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
