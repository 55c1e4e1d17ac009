/**
 * From a Dockerfile to the model of a readable `docker.config.ts`: stages bound to camelCase
 * variables, raw steps (or fragments for clearly recognised patterns), the Dockerfile's comments,
 * and a `// TODO(dsl import)` comment plus a warning for everything that cannot be represented.
 * Every step is evaluated with the real factories as it is generated, and the whole config is
 * compiled and compared with the Dockerfile, so what the printed code does is checked here.
 */
import * as core from '@dockerdsl/core';
import {
  type Config,
  compile,
  type DockerfileAst,
  dockerfileToIr,
  type ImportedDockerfile,
  type ImportedStage,
  type ImportedStep,
  type ImportWarning,
  isDockerfileParseError,
  isDslError,
  type Mount,
  parseDockerfile,
  type Stage,
  type Step,
  type Text,
} from '@dockerdsl/core';
import {
  type ArrayItem,
  arr,
  bool,
  call,
  calledNames,
  type Expr,
  evaluate,
  num,
  obj,
  type Prop,
  ref,
  str,
} from './code.js';
import { compareDockerfiles } from './equivalence.js';
import { noStageProblems } from './noStage.js';
import { recognise, type StageFacts, TOOL_USE, type Tool } from './recognise.js';
import { invalidReference } from './references.js';
import { layoutRun, type SourceText } from './runLayout.js';

export interface ImportOptions {
  /** The Dockerfile's name in messages. Default `Dockerfile`. */
  readonly file?: string;
  /** Recognise fragments (default true); false gives raw steps only, in the Dockerfile's order. */
  readonly fragments?: boolean;
}

/** A message about one line of the Dockerfile (0: the whole file). */
export interface ImportMessage {
  readonly line: number;
  readonly message: string;
}

export interface Statement {
  readonly comments: readonly string[];
  readonly kind: 'const' | 'export';
  readonly name?: string;
  readonly expr: Expr;
}

export interface ImportModel {
  /** Comment lines at the top of the file. */
  readonly header: readonly string[];
  /** The `@dockerdsl/core` names the code uses, sorted. */
  readonly imports: readonly string[];
  readonly statements: readonly Statement[];
  /** What could not be represented (each also a TODO comment in the code). */
  readonly warnings: readonly ImportMessage[];
  /** What was recognised or rewritten on the way (also comments in the code). */
  readonly notes: readonly ImportMessage[];
  /** The name given to each of the Dockerfile's stages, by index. */
  readonly stageNames: readonly string[];
  /** The config the code evaluates to. */
  readonly config: Config;
  /** The Dockerfile the config compiles to. */
  readonly dockerfile: string;
}

/** The Dockerfile is valid but its config does not compile (a dsl rule refuses it): nothing is written. */
export class ImportFailed extends Error {
  override readonly name = 'ImportFailed';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly hint?: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** The Dockerfile is not one BuildKit would build: nothing is generated. */
export class ImportRejected extends Error {
  override readonly name = 'ImportRejected';
  constructor(
    readonly file: string,
    readonly problems: readonly ImportMessage[],
  ) {
    super(problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n'));
  }
}

const TODO = 'TODO(dsl import)';
const NOTE = 'dsl import';
const SYNTAX_LEVELS = ['builtin', '1.4', '1.6', '1.7', '1.8', '1.19', '1.20'] as const;
type Level = (typeof SYNTAX_LEVELS)[number];
const POSIX_SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|ash|dash|zsh|ksh|busybox)$/;
const WINDOWS_IMAGE = /windows|nanoserver|servercore/i;
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined'.split(
    ' ',
  ),
);
const CORE = core as unknown as Record<string, unknown>;

/** Imports a Dockerfile. Throws ImportRejected when the Dockerfile is invalid. */
export function importToModel(source: string, options: ImportOptions = {}): ImportModel {
  const file = options.file ?? 'Dockerfile';
  let ast: DockerfileAst;
  try {
    ast = parseDockerfile(source, { file });
  } catch (error) {
    if (isDockerfileParseError(error)) throw new ImportRejected(file, [{ line: error.line, message: error.reason }]);
    throw error;
  }
  const stageless = noStageProblems(ast);
  if (stageless.length > 0) throw new ImportRejected(file, stageless);
  const imported = dockerfileToIr(ast, { file });
  const problems = imported.stages.flatMap((stage) => {
    if (stage.from.kind !== 'image') return [];
    const why = invalidReference(stage.from.image);
    return why ? [{ line: stage.startLine, message: `FROM ${why}` }] : [];
  });
  if (problems.length > 0) throw new ImportRejected(file, problems);

  const raw = new Generator(imported, source, file, false).run([]);
  // Check the raw transliteration against the Dockerfile; a difference is reported, never hidden.
  const differences = compareDockerfiles(source, raw.dockerfile, raw.stageNames);
  const extra = differences
    .filter((d) => !raw.warnings.some((w) => w.line === d.line && d.line > 0))
    .map((d) => ({ line: d.line, message: `not reproduced exactly: ${d.message}` }));
  const rawChecked = extra.length > 0 ? new Generator(imported, source, file, false).run(extra) : raw;
  if (options.fragments === false) return rawChecked;
  try {
    return new Generator(imported, source, file, true).run(extra);
  } catch (error) {
    return {
      ...rawChecked,
      warnings: [
        ...rawChecked.warnings,
        { line: 0, message: `fragments were not used: ${(error as Error).message.split('\n')[0]}` },
      ],
    };
  }
}

interface Entry {
  readonly line: number;
  readonly endLine: number;
  readonly kind: 'comment' | 'step' | 'todo';
  readonly lines?: readonly string[];
  readonly imported?: ImportedStep;
}

interface StageState {
  workdir?: string;
  /** An absolute WORKDIR was set in this stage or a parent (dsl refuses a relative one before it). */
  absoluteWorkdir: boolean;
  root: boolean;
  posix: boolean;
  env: Map<string, string>;
}

class Generator {
  private readonly warnings: ImportMessage[] = [];
  private readonly notes: ImportMessage[] = [];
  private readonly sourceText: SourceText;
  private readonly varNames: string[] = [];
  private readonly stageNames: string[] = [];
  private readonly values: Record<string, unknown> = {};
  private readonly states = new Map<number, StageState>();
  private pendingWarnings: ImportMessage[] = [];

  constructor(
    private readonly imported: ImportedDockerfile,
    source: string,
    private readonly file: string,
    private readonly fragments: boolean,
  ) {
    this.sourceText = { lines: source.split('\n'), escapeToken: imported.escapeToken };
  }

  run(extraWarnings: readonly ImportMessage[]): ImportModel {
    const imported = this.imported;
    this.pendingWarnings = [
      ...imported.warnings.map((w: ImportWarning) => ({ line: w.line, message: w.message })),
      ...extraWarnings,
    ];
    this.nameStages();
    const level = this.syntaxLevel();
    const secretNames = this.secretLikeNames();

    const statements: Statement[] = [];
    for (const stage of imported.stages) statements.push(this.stageStatement(stage));

    // Global ARGs, with their comments.
    const argItems: ArrayItem[] = [];
    let headerComments: string[] = [];
    for (const entry of this.entries(
      imported.globalArgs,
      0,
      imported.stages[0]?.startLine ?? Number.POSITIVE_INFINITY,
    )) {
      if (entry.kind !== 'step') {
        headerComments = [...headerComments, ...(entry.lines ?? [])];
        continue;
      }
      const step = entry.imported?.step as Step;
      const expr = this.writeStep(step, entry.imported as ImportedStep, this.defaultState());
      const value = expr && this.tryEvaluate(expr, entry.line, step);
      headerComments = [...headerComments, ...this.inlineTodos.splice(0)];
      if (!expr || value === undefined) continue;
      argItems.push({ value: expr, comments: headerComments });
      headerComments = [];
    }
    if (headerComments.length > 0 && argItems.length > 0) argItems.push({ comments: headerComments });
    const leading = argItems.length > 0 ? [] : headerComments;

    // Targets: every stage no other stage builds on; the default is the last stage.
    const dependedOn = new Set<number>();
    for (const stage of imported.stages) {
      if (stage.from.kind === 'stage') dependedOn.add(stage.from.index);
      for (const { step } of stage.steps) for (const dep of stageDeps(step)) dependedOn.add(this.stageIndex(dep));
    }
    const targets = imported.stages
      .filter((stage) => !dependedOn.has(stage.index))
      .map((s) => this.varNames[s.index] as string);
    const last = this.varNames[imported.stages.length - 1] as string;
    if (!targets.includes(last)) targets.push(last);
    const ordered = [...targets.filter((t) => t !== last), last];

    const props: Prop[] = [];
    if (argItems.length > 0) props.push({ key: 'args', value: { kind: 'array', items: argItems } });
    props.push({ key: 'targets', value: arr(ordered.map(ref)) });
    if (ordered.length > 1) props.push({ key: 'defaultTarget', value: ref(last) });
    if (level !== 'builtin') props.push({ key: 'syntax', value: str(level) });
    if (secretNames.length > 0) {
      props.push({ key: 'lint', value: obj([{ key: 'allowSecretNames', value: arr(secretNames.map(str)) }]) });
    }
    if (!this.fragments) {
      props.push({
        key: 'optimize',
        value: obj(['orderForCache', 'mergeRuns', 'hoistSharedPrefix'].map((key) => ({ key, value: bool(false) }))),
      });
    }
    const configExpr = call('defineConfig', obj(props));
    const config = evaluate(configExpr, CORE, this.values) as Config;
    const exportComments = this.fragments
      ? []
      : ["--raw: the Dockerfile's instructions in its order; remove `optimize` to let dsl reorder for the cache."];
    statements.push({ kind: 'export', comments: exportComments, expr: configExpr });

    let dockerfile: string;
    try {
      dockerfile = compile(config).dockerfile;
    } catch (error) {
      if (!isDslError(error)) throw error;
      throw new ImportFailed(this.file, `the config it gives does not compile: ${error.message}`, error.hint);
    }

    // Warnings not placed at any stage (e.g. about directives) go to the header.
    const header = [
      `Generated by "dsl import" from ${this.file}.${this.warnings.length + this.pendingWarnings.length > 0 ? ` Look for ${TODO}.` : ''}`,
      ...this.pendingWarnings.flatMap((w) => this.todo(w)),
      ...leading,
    ];
    this.warnings.push(...this.pendingWarnings);
    this.pendingWarnings = [];

    const imports = new Set<string>();
    for (const statement of statements) calledNames(statement.expr, imports);
    return {
      header,
      imports: [...imports].sort(),
      statements,
      warnings: [...this.warnings].sort((a, b) => a.line - b.line),
      notes: [...this.notes].sort((a, b) => a.line - b.line),
      stageNames: this.stageNames,
      config,
      dockerfile,
    };
  }

  // --- names --------------------------------------------------------------------------------------

  private nameStages(): void {
    const stages = this.imported.stages;
    const named = new Set(stages.filter((s) => s.named).map((s) => s.name));
    const taken = new Set<string>();
    stages.forEach((stage, index) => {
      let name = stage.name;
      if (!stage.named && index === stages.length - 1 && !named.has('final')) name = 'final';
      this.stageNames.push(name);
      let variable = camelCase(name);
      if (RESERVED.has(variable) || Object.hasOwn(CORE, variable)) variable = `${variable}Stage`;
      let unique = variable;
      for (let n = 2; taken.has(unique); n++) unique = `${variable}${n}`;
      taken.add(unique);
      this.varNames.push(unique);
    });
  }

  private stageIndex(stage: Stage): number {
    return this.imported.stages.findIndex((s) => s.stage === stage);
  }

  /**
   * ENV/ARG names that look like credentials: dsl refuses them unless the config lists them in
   * `lint.allowSecretNames`. The Dockerfile had them, so they are listed, with a TODO to check.
   */
  private secretLikeNames(): string[] {
    const isSecretLike = CORE['isSecretLikeName'];
    if (typeof isSecretLike !== 'function') return [];
    const found = new Map<string, ImportMessage>();
    const visit = (step: Step, line: number) => {
      const names = step.kind === 'env' ? step.vars.map(([name]) => name) : step.kind === 'arg' ? [step.name] : [];
      for (const name of names) {
        if (found.has(name) || !(isSecretLike as (name: string) => boolean)(name)) continue;
        found.set(name, {
          line,
          message: `${step.kind.toUpperCase()} ${name} looks like a secret: it is listed in lint.allowSecretNames (dsl refuses such names otherwise); make sure it holds no secret, or pass it with a secret mount`,
        });
      }
      if (step.kind === 'onbuild') visit(step.step, line);
    };
    for (const s of this.imported.globalArgs) visit(s.step, s.startLine);
    for (const stage of this.imported.stages) for (const s of stage.steps) visit(s.step, s.startLine);
    this.pendingWarnings.push(...found.values());
    return [...found.keys()];
  }

  // --- syntax -------------------------------------------------------------------------------------

  private syntaxLevel(): Level {
    let needed: Level = 'builtin';
    const need = (level: Level) => {
      if (SYNTAX_LEVELS.indexOf(level) > SYNTAX_LEVELS.indexOf(needed)) needed = level;
    };
    for (const stage of this.imported.stages) {
      for (const { step } of stage.steps) {
        const s = step.kind === 'onbuild' ? step.step : step;
        if (s.kind === 'run' && (s.network !== undefined || s.command.form === 'heredoc')) need('1.4');
        if ((s.kind === 'copy' || s.kind === 'add') && s.link) need('1.4');
        if (s.kind === 'add' && s.checksum !== undefined) need('1.6');
        if (s.kind === 'copy' && s.exclude) need('1.19');
        if (s.kind === 'copy' && s.parents) need('1.20');
      }
    }
    for (const directive of this.imported.directives) {
      if (directive.name === 'check') {
        this.pendingWarnings.push({
          line: directive.line,
          message: `# check=${directive.value} is not kept: configure checks with dsl's lint settings`,
        });
      } else if (directive.name === 'escape' && directive.value !== '\\') {
        this.note(
          directive.line,
          `# escape=${directive.value} is not needed: dsl writes every value for the default escape character`,
        );
      }
    }
    const directive = this.imported.directives.find((d) => d.name === 'syntax');
    if (!directive) {
      if (needed !== 'builtin') {
        this.note(
          0,
          `features of Dockerfile frontend ${needed} are used: dsl writes # syntax=docker/dockerfile:${needed}`,
        );
      }
      return needed;
    }
    const match = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(.+)$/.exec(directive.value);
    const version = match?.[1];
    let written: Level | undefined;
    const minor = version !== undefined ? /^1\.(\d+)(?:\.\d+)?(?:-labs)?$/.exec(version)?.[1] : undefined;
    if (minor !== undefined) {
      written =
        [...SYNTAX_LEVELS].reverse().find((level) => level !== 'builtin' && Number(level.slice(2)) <= Number(minor)) ??
        'builtin';
    } else if (version === '1' || version === 'latest' || version === '1-labs') {
      written = '1.20';
    }
    const level =
      written !== undefined && SYNTAX_LEVELS.indexOf(written) > SYNTAX_LEVELS.indexOf(needed) ? written : needed;
    const emitted =
      level === 'builtin'
        ? "no syntax directive (the engine's built-in frontend)"
        : `# syntax=docker/dockerfile:${level}`;
    if (written === undefined) {
      this.pendingWarnings.push({
        line: directive.line,
        message: `# syntax=${directive.value} cannot be kept: dsl writes ${emitted}`,
      });
    } else if (`docker/dockerfile:${level}` !== directive.value) {
      this.note(directive.line, `# syntax=${directive.value} becomes syntax: '${level}' (${emitted})`, false);
    }
    return level;
  }

  // --- stages -------------------------------------------------------------------------------------

  private defaultState(): StageState {
    return { root: true, absoluteWorkdir: false, posix: this.imported.escapeToken === '\\', env: new Map() };
  }

  private initialState(stage: ImportedStage): StageState {
    if (stage.from.kind === 'stage') {
      const parent = this.states.get(stage.from.index);
      if (parent) return { ...parent, env: new Map(parent.env) };
    }
    const state = this.defaultState();
    if (stage.from.kind === 'image' && WINDOWS_IMAGE.test(stage.from.image)) state.posix = false;
    return state;
  }

  /** Comments, steps and TODOs of a list of imported steps, in line order. */
  private entries(steps: readonly ImportedStep[], fromLine: number, toLine: number): Entry[] {
    const instructions = steps.filter((s) => s.step.kind !== 'comment');
    const inside = (line: number) => instructions.some((s) => line > s.startLine && line <= s.endLine);
    const entries: Entry[] = [];
    for (const s of steps) {
      if (s.step.kind === 'comment') {
        // Comments inside a RUN's continuation lines are placed by the RUN's layout.
        const owner = instructions.find((i) => s.startLine > i.startLine && s.startLine <= i.endLine);
        if (owner?.step.kind === 'run' && owner.step.command.form === 'shell') continue;
        entries.push({ line: s.startLine, endLine: s.endLine, kind: 'comment', lines: commentLines(s.original) });
      } else {
        entries.push({ line: s.startLine, endLine: s.endLine, kind: 'step', imported: s });
      }
    }
    const taken: ImportMessage[] = [];
    this.pendingWarnings = this.pendingWarnings.filter((w) => {
      const mine = w.line >= fromLine && w.line < toLine && w.line > 0;
      if (mine) taken.push(w);
      return !mine;
    });
    for (const warning of taken) {
      entries.push({ line: warning.line, endLine: warning.line, kind: 'todo', lines: this.todo(warning) });
      this.warnings.push(warning);
    }
    // By line; comments inside an instruction (continuation lines) go above it, after its TODOs.
    const key = (e: Entry) => (e.kind === 'comment' && inside(e.line) ? this.ownerLine(instructions, e.line) : e.line);
    const rank = (e: Entry) => (e.kind === 'todo' ? 0 : e.kind === 'comment' ? 1 : 2);
    return entries
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => key(a.entry) - key(b.entry) || rank(a.entry) - rank(b.entry) || a.index - b.index)
      .map(({ entry }) => entry);
  }

  private ownerLine(instructions: readonly ImportedStep[], line: number): number {
    return instructions.find((i) => line > i.startLine && line <= i.endLine)?.startLine ?? line;
  }

  private stageStatement(stage: ImportedStage): Statement {
    const next = this.imported.stages[stage.index + 1];
    const toLine = next ? next.startLine : Number.POSITIVE_INFINITY;
    this.dropResolvedPathWarnings(stage);
    const entries = this.entries(stage.steps, stage.startLine, toLine);
    const state = this.initialState(stage);
    const laterUse = this.toolUse(stage);

    // Comments above the FROM line belong to the stage declaration.
    const leading: string[] = [];
    while (
      entries.length > 0 &&
      (entries[0] as Entry).line < stage.startLine &&
      (entries[0] as Entry).kind === 'comment'
    ) {
      leading.push(...((entries.shift() as Entry).lines ?? []));
    }
    const items: ArrayItem[] = [];
    const values: unknown[] = [];
    let comments: string[] = [];
    let blank = false;
    let previousEnd = stage.startLine;
    const stepEntries = entries.filter((e) => e.kind === 'step');
    // Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect (dsl refuses repeats).
    const replacedBy = new Map<ImportedStep, ImportedStep>();
    const lastOfKind = new Map<string, ImportedStep>();
    for (const entry of [...stepEntries].reverse()) {
      const s = entry.imported as ImportedStep;
      if (s.step.kind !== 'cmd' && s.step.kind !== 'entrypoint' && s.step.kind !== 'healthcheck') continue;
      const later = lastOfKind.get(s.step.kind);
      if (later) replacedBy.set(s, later);
      else lastOfKind.set(s.step.kind, s);
    }
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      // A blank line before a step (or before its comments) in the Dockerfile is kept.
      if (comments.length === 0 && items.length > 0 && this.hasBlankLine(previousEnd, entry.line)) blank = true;
      if (entry.kind !== 'step') {
        comments = [...comments, ...(entry.lines ?? [])];
        previousEnd = Math.max(previousEnd, entry.endLine);
        continue;
      }
      const imported = entry.imported as ImportedStep;
      const position = stepEntries.indexOf(entry);
      const replacement = replacedBy.get(imported);
      if (replacement) {
        const kind = imported.step.kind.toUpperCase();
        const message = `${oneLine(imported.original)} is left out: the ${kind} at line ${replacement.startLine} replaces it`;
        this.note(imported.startLine, message, false);
        comments = [...comments, ...wrapComment(`${NOTE}: line ${imported.startLine}: ${message}`)];
        previousEnd = Math.max(previousEnd, entry.endLine);
        continue;
      }
      // Fragments: the steps from here, when nothing (comment, TODO) sits between them.
      let recognised: ReturnType<typeof recognise>;
      if (this.fragments) {
        const following: ImportedStep[] = [imported];
        for (let j = i + 1; j < entries.length && entries[j]?.kind === 'step'; j++)
          following.push(entries[j]?.imported as ImportedStep);
        const facts: StageFacts = {
          ...(state.workdir !== undefined ? { workdir: state.workdir } : {}),
          root: state.root,
          posix: state.posix,
          laterRawUse: (tool) => laterUse(tool, position),
        };
        recognised = recognise(
          following.map((s) => s.step),
          facts,
        );
      }
      if (recognised) {
        const value = this.tryEvaluate(recognised.expr, entry.line, imported.step, true);
        if (value !== undefined) {
          this.note(entry.line, recognised.note, false);
          const range = lineRange(imported.startLine, (entries[i + recognised.consumed - 1] as Entry).endLine);
          items.push({
            value: recognised.expr,
            comments: [...comments, ...wrapComment(`${NOTE}: ${range}: ${recognised.note}`)],
            blankLineBefore: blank,
          });
          values.push(value);
          comments = [];
          blank = false;
          for (let k = 0; k < recognised.consumed; k++) {
            const consumed = (k === 0 ? entry : entries[i + k]) as Entry;
            this.track(state, consumed.imported?.step as Step);
            previousEnd = Math.max(previousEnd, consumed.endLine);
          }
          i += recognised.consumed - 1;
          continue;
        }
      }
      const layoutComments: string[] = [];
      const expr = this.writeStep(imported.step, imported, state, layoutComments);
      const value = expr && this.tryEvaluate(expr, entry.line, imported.step);
      comments = [...comments, ...this.inlineTodos.splice(0)];
      if (expr && value !== undefined) {
        items.push({ value: expr, comments: [...comments, ...layoutComments], blankLineBefore: blank });
        values.push(value);
        comments = [];
        blank = false;
      }
      this.track(state, imported.step);
      previousEnd = Math.max(previousEnd, entry.endLine);
    }
    if (comments.length > 0) items.push({ comments });
    this.states.set(stage.index, state);

    const options: Prop[] = [
      {
        key: 'from',
        value: stage.from.kind === 'stage' ? ref(this.varNames[stage.from.index] as string) : str(stage.from.image),
      },
    ];
    if (stage.platform !== undefined) options.push({ key: 'platform', value: str(stage.platform) });
    const name = this.varNames[stage.index] as string;
    const stageName = this.stageNames[stage.index] as string;
    const expr = call('stage', str(stageName), obj(options), { kind: 'array', items });
    this.values[name] = evaluate(expr, CORE, this.values);
    if (!stage.named && this.imported.stages.length > 1) {
      leading.push(
        `${NOTE}: the Dockerfile does not name this stage (stage ${stage.index}); it is called "${stageName}" here.`,
      );
    }
    return { kind: 'const', name, comments: leading, expr };
  }

  private hasBlankLine(afterLine: number, beforeLine: number): boolean {
    for (let line = afterLine + 1; line < beforeLine; line++) {
      if ((this.sourceText.lines[line - 1] ?? '').trim() === '') return true;
    }
    return false;
  }

  /** Whether, after step `position` of the stage, a RUN (here or in a stage built FROM it) uses the tool itself. */
  private toolUse(stage: ImportedStage): (tool: Tool, position: number) => boolean {
    const runTexts = (s: ImportedStage) =>
      s.steps.filter((x) => x.step.kind === 'run').map((x) => ({ text: runText(x.step), step: x.step }));
    const descendants: ImportedStage[] = [];
    const visit = (index: number) => {
      for (const child of this.imported.stages) {
        if (child.from.kind === 'stage' && child.from.index === index && !descendants.includes(child)) {
          descendants.push(child);
          visit(child.index);
        }
      }
    };
    visit(stage.index);
    const instructions = stage.steps.filter((x) => x.step.kind !== 'comment').map((x) => x.step);
    return (tool, position) => {
      const later = instructions
        .slice(position + 1)
        .filter((s) => s.kind === 'run')
        .map(runText);
      const below = descendants.flatMap(runTexts).map((x) => x.text);
      return [...later, ...below].some((text) => TOOL_USE[tool].test(text));
    };
  }

  private track(state: StageState, step: Step): void {
    switch (step.kind) {
      case 'workdir':
        if (/^[/$]/.test(typeof step.path === 'string' ? step.path : step.path.text)) state.absoluteWorkdir = true;
        if (typeof step.path === 'string' && step.path.startsWith('/')) state.workdir = step.path;
        else if (typeof step.path === 'string' && state.workdir !== undefined && !step.path.includes('$')) {
          state.workdir = `${state.workdir.replace(/\/+$/, '')}/${step.path}`;
        } else state.workdir = undefined;
        break;
      case 'user': {
        const user = typeof step.user === 'string' ? step.user : undefined;
        state.root = user !== undefined && /^(root|0)(:(root|0))?$/.test(user);
        break;
      }
      case 'shell':
        state.posix = POSIX_SHELLS.test(step.argv[0] ?? '');
        break;
      case 'env':
        for (const [key, value] of step.vars) {
          if (typeof value === 'string') state.env.set(key, value);
          else state.env.delete(key);
        }
        break;
      default:
        break;
    }
  }

  // --- steps --------------------------------------------------------------------------------------

  /** Evaluates a step's code with the real factories; a failure is a TODO and a warning. */
  private tryEvaluate(expr: Expr, line: number, step: Step, quiet = false): unknown {
    try {
      return evaluate(expr, CORE, this.values);
    } catch (error) {
      if (quiet) return undefined;
      const message = (error as Error).message.split('\n')[0];
      this.stepWarning(line, `${step.kind.toUpperCase()} cannot be written with ${step.kind}(): ${message}; left out`);
      return undefined;
    }
  }

  /** TODO comments for the step being written, placed above where it would have been. */
  private inlineTodos: string[] = [];

  private stepWarning(line: number, message: string): void {
    const warning = { line, message };
    this.warnings.push(warning);
    this.inlineTodos.push(...this.todo(warning));
  }

  private todo(warning: ImportMessage): string[] {
    return wrapComment(`${TODO}: ${warning.line > 0 ? `line ${warning.line}: ` : ''}${warning.message}`);
  }

  /** Records a note; `inline` ones also become a comment above the step being written. */
  private note(line: number, message: string, inline = true): void {
    this.notes.push({ line, message });
    if (inline && line > 0) this.inlineTodos.push(...wrapComment(`${NOTE}: line ${line}: ${message}`));
  }

  /** The code for a step, or undefined (with a warning) when no factory call can express it. */
  private writeStep(step: Step, imported: ImportedStep, state: StageState, comments: string[] = []): Expr | undefined {
    try {
      return this.rawStep(step, imported, state, comments);
    } catch (error) {
      if (!(error instanceof StepNotWritable)) throw error;
      this.stepWarning(
        imported.startLine,
        `${step.kind.toUpperCase()} cannot be written with ${step.kind}(): ${error.message}; left out`,
      );
      return undefined;
    }
  }

  private rawStep(step: Step, imported: ImportedStep, state: StageState, comments: string[] = []): Expr {
    switch (step.kind) {
      case 'run': {
        const options: Prop[] = [];
        if (step.mounts.length > 0) options.push({ key: 'mounts', value: arr(step.mounts.map((m) => this.mount(m))) });
        if (step.network !== undefined) options.push({ key: 'network', value: str(step.network) });
        let command: Expr;
        if (step.command.form === 'exec') command = arr(step.command.argv.map(str));
        else if (step.command.form === 'heredoc')
          command = call('heredoc', { kind: 'template', value: step.command.script });
        else if (imported.step !== step) command = str(step.command.commands.join(' && '));
        else {
          const layout = layoutRun(this.sourceText, {
            command: step.command.commands[0] as string,
            original: imported.original,
            startLine: imported.startLine,
            endLine: imported.endLine,
            posix: state.posix,
          });
          comments.push(...layout.commentsAbove);
          command = layout.expr;
        }
        return options.length > 0 ? call('run', command, obj(options)) : call('run', command);
      }
      case 'copy':
      case 'add': {
        const [dest, ...sources] = this.paths([step.dest, ...step.sources], state, imported) as [Expr, ...Expr[]];
        const options: Prop[] = [];
        if (step.kind === 'copy' && step.from !== undefined)
          options.push({ key: 'from', value: this.stageOrImage(step.from) });
        if (step.chown !== undefined) options.push({ key: 'chown', value: str(step.chown) });
        if (step.chmod !== undefined) options.push({ key: 'chmod', value: str(step.chmod) });
        if (step.kind === 'add' && step.checksum !== undefined)
          options.push({ key: 'checksum', value: str(step.checksum) });
        if (step.link) options.push({ key: 'link', value: bool(true) });
        if (step.kind === 'copy' && step.exclude) options.push({ key: 'exclude', value: arr(step.exclude.map(str)) });
        if (step.kind === 'copy' && step.parents) options.push({ key: 'parents', value: bool(true) });
        const args: Expr[] = [sources.length === 1 ? (sources[0] as Expr) : arr(sources), dest];
        if (options.length > 0) args.push(obj(options));
        return call(step.kind, ...args);
      }
      case 'env':
      case 'label': {
        const pairs = step.kind === 'env' ? step.vars : step.labels;
        if (pairs.length === 1) return call(step.kind, str(pairs[0]?.[0] as string), text(pairs[0]?.[1] as Text));
        // A key given twice in one instruction ends with its last value (all values are read first).
        const last = new Map(pairs.map(([key], index) => [key, index]));
        const unique = pairs.filter(([key], index) => last.get(key) === index);
        if (unique.length !== pairs.length) {
          this.note(imported.startLine, `${step.kind.toUpperCase()} sets a key twice: only its last value is written`);
        }
        if (unique.length === 1) return call(step.kind, str(unique[0]?.[0] as string), text(unique[0]?.[1] as Text));
        const ordered = step.kind === 'env' ? envOrder(pairs) : pairs;
        if (!ordered)
          throw new StepNotWritable('its variables refer to each other, which no order of env() pairs can keep');
        if (ordered !== pairs) {
          this.note(
            imported.startLine,
            'ENV pairs reordered: a value that uses another variable of the same ENV gets its earlier value, so it is written first',
          );
        }
        return call(step.kind, obj(ordered.map(([key, value]) => ({ key, value: text(value) }))));
      }
      case 'arg':
        return step.default !== undefined
          ? call('arg', str(step.name), text(step.default))
          : call('arg', str(step.name));
      case 'workdir': {
        const path = typeof step.path === 'string' ? step.path : step.path.text;
        if (!/^[/$]/.test(path) && !state.absoluteWorkdir) {
          // Relative to the base image's WORKDIR, which dsl cannot know (and refuses).
          const absolute = `/${path.replace(/^(\.\/)+/, '')}`;
          this.stepWarning(
            imported.startLine,
            `relative WORKDIR ${path} depends on the base image's WORKDIR; written as ${absolute}, which is right when that is /: check it`,
          );
          return call('workdir', typeof step.path === 'string' ? str(absolute) : call('expand', str(absolute)));
        }
        return call('workdir', text(step.path));
      }
      case 'user':
        return step.group !== undefined
          ? call('user', text(step.user), text(step.group))
          : call('user', text(step.user));
      case 'expose':
        return call(
          'expose',
          ...step.ports.map((port) =>
            /^[1-9][0-9]{0,4}$/.test(port) && Number(port) <= 65535 ? num(Number(port)) : str(port),
          ),
        );
      case 'cmd':
      case 'entrypoint':
        return call(
          step.kind,
          step.command.form === 'exec' ? arr(step.command.argv.map(str)) : str(step.command.commands.join(' && ')),
        );
      case 'healthcheck': {
        if (!step.check) return call('healthcheck', { kind: 'null' });
        const { command, ...rest } = step.check;
        const options: Prop[] = Object.entries(rest).map(([key, value]) => ({
          key,
          value: typeof value === 'number' ? num(value) : str(value as string),
        }));
        const commandExpr = command.form === 'exec' ? arr(command.argv.map(str)) : str(command.commands.join(' && '));
        return options.length > 0 ? call('healthcheck', commandExpr, obj(options)) : call('healthcheck', commandExpr);
      }
      case 'shell':
        return call('shell', arr(step.argv.map(str)));
      case 'volume':
        return call('volume', ...this.paths(step.paths, state, imported));
      case 'stopsignal':
        return call('stopsignal', str(step.signal));
      case 'onbuild':
        return call('onbuild', this.rawStep(step.step, imported, state));
      case 'comment':
        // Comments are written as TypeScript comments by the caller; a comment() step is the fallback.
        return call('comment', str(step.text));
    }
  }

  /**
   * A COPY/ADD/VOLUME path. The IR keeps paths literal, so a `$VAR` the builder would expand is
   * replaced by the value an earlier ENV gave it, when there is one.
   */
  /** Lines whose `$VAR` paths are written with their ENV values. */
  private readonly resolvableLines = new Set<number>();

  private path(path: string, state: StageState, imported: ImportedStep): Expr {
    if (!path.includes('$') || !this.resolvableLines.has(imported.startLine)) return str(path);
    const value = resolvePath(path, state.env);
    if (value === undefined) return str(path);
    this.note(
      imported.startLine,
      `${path} is written as ${value}, the value an earlier ENV gives it (paths are literal in the config)`,
    );
    return str(value);
  }

  /** Paths of one step, with the `$VAR`s an earlier ENV sets replaced by their values. */
  private paths(paths: readonly string[], state: StageState, imported: ImportedStep): Expr[] {
    return paths.map((p) => this.path(p, state, imported));
  }

  /**
   * Drops the importer's "literal path" warnings for steps whose `$VAR` paths all resolve to
   * values set by ENV earlier (path() writes those values).
   */
  private dropResolvedPathWarnings(stage: ImportedStage): void {
    const state = this.initialState(stage);
    for (const { step, startLine } of stage.steps) {
      const paths =
        step.kind === 'volume'
          ? step.paths
          : step.kind === 'copy' || step.kind === 'add'
            ? [step.dest, ...step.sources]
            : [];
      const withVars = paths.filter((p) => p.includes('$'));
      const literal = (w: ImportMessage) =>
        w.line === startLine && w.message.includes('which the builder expands but the IR keeps as literal text');
      // Only where the importer saw variables: a `$` in a path without its warning was escaped.
      if (
        withVars.length > 0 &&
        this.pendingWarnings.some(literal) &&
        withVars.every((p) => resolvePath(p, state.env) !== undefined)
      ) {
        this.pendingWarnings = this.pendingWarnings.filter((w) => !literal(w));
        this.resolvableLines.add(startLine);
      }
      this.track(state, step);
    }
  }

  private stageOrImage(from: Stage | string): Expr {
    if (typeof from === 'string') return str(from);
    const index = this.stageIndex(from);
    return index >= 0 ? ref(this.varNames[index] as string) : str(from.name);
  }

  private mount(mount: Mount): Expr {
    const { type, ...fields } = mount;
    const props = (omit: string[]): Prop[] =>
      Object.entries(fields)
        .filter(([key, value]) => !omit.includes(key) && value !== undefined)
        .map(([key, value]) => ({
          key,
          value:
            key === 'from'
              ? this.stageOrImage(value as Stage | string)
              : typeof value === 'number'
                ? num(value)
                : typeof value === 'boolean'
                  ? bool(value)
                  : str(value as string),
        }));
    const withOptions = (name: string, first: Expr | undefined, rest: Prop[]): Expr => {
      const args = first ? [first] : [];
      if (rest.length > 0) args.push(obj(rest));
      return call(name, ...args);
    };
    switch (mount.type) {
      case 'cache':
        return withOptions('cacheMount', str(mount.target), props(['target']));
      case 'bind':
        return withOptions('bindMount', str(mount.target), props(['target']));
      case 'tmpfs':
        return withOptions('tmpfsMount', str(mount.target), props(['target']));
      case 'secret':
        return withOptions('secretMount', str(mount.id), props(['id']));
      case 'ssh':
        return withOptions('sshMount', undefined, props([]));
      default:
        throw new Error(`internal: unknown mount type ${type}`);
    }
  }
}

/** A path with every `$VAR`/`${VAR}` replaced by its ENV value, or undefined when one is unknown. */
function resolvePath(path: string, env: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const value = path.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (match, braced, bare) => {
    const known = env.get((braced ?? bare) as string);
    if (known === undefined || known.includes('$')) unresolved = true;
    return known ?? match;
  });
  return unresolved || value.includes('$') ? undefined : value;
}

/** A step the factories cannot express; the message says why. */
class StepNotWritable extends Error {}

/**
 * `ENV A=x B=$A` gives B the value A had before the instruction; dsl refuses an env() value that
 * uses a variable set earlier in the same call, since it reads as the new one. Pairs are reordered
 * so every such value comes before the variable it uses (same instruction, same meaning), or
 * undefined when they use each other in a cycle.
 */
function envOrder(pairs: readonly (readonly [string, Text])[]): readonly (readonly [string, Text])[] | undefined {
  const uses = (value: Text, name: string) =>
    typeof value !== 'string' && new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).test(value.text);
  const needsReorder = pairs.some(([name, value], i) =>
    pairs.slice(0, i).some(([other]) => other !== name && uses(value, other)),
  );
  if (!needsReorder) return pairs;
  const left = [...pairs];
  const out: (readonly [string, Text])[] = [];
  while (left.length > 0) {
    // Next: a pair no remaining pair's value refers to (it may be set once its users are written).
    const index = left.findIndex(([name]) => !left.some(([other, value]) => other !== name && uses(value, name)));
    if (index < 0) return undefined;
    out.push(left.splice(index, 1)[0] as readonly [string, Text]);
  }
  return out;
}

function text(value: Text): Expr {
  return typeof value === 'string' ? str(value) : call('expand', str(value.text));
}

function stageDeps(step: Step): Stage[] {
  const deps: Stage[] = [];
  const isStage = (v: unknown): v is Stage => typeof v === 'object' && v !== null && (v as Stage).kind === 'stage';
  if (step.kind === 'copy' && isStage(step.from)) deps.push(step.from);
  if (step.kind === 'run') for (const m of step.mounts) if ('from' in m && isStage(m.from)) deps.push(m.from);
  if (step.kind === 'onbuild') deps.push(...stageDeps(step.step));
  return deps;
}

function runText(step: Step): string {
  if (step.kind !== 'run') return '';
  const command = step.command;
  return command.form === 'shell'
    ? command.commands.join(' && ')
    : command.form === 'exec'
      ? command.argv.join(' ')
      : command.script;
}

/** A comment of dsl's own, wrapped at about 100 columns. */
function wrapComment(text: string, width = 100): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

function lineRange(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}-${end}`;
}

/** `build-env` -> `buildEnv`, `stage-0` -> `stage0`. */
export function camelCase(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  const joined = parts
    .map((part, i) => (i === 0 ? part.toLowerCase() : part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()))
    .join('');
  const safe = joined === '' ? 'stage' : joined;
  return /^[0-9]/.test(safe) ? `stage${safe}` : safe;
}

/** The comment lines of a comment block as written (`#` and one following space removed). */
function commentLines(original: string): string[] {
  return original.split('\n').map((raw) => {
    const body = raw.trimStart().slice(1).trimEnd();
    return body.startsWith(' ') ? body.slice(1) : body;
  });
}
