import type { Mount } from './mounts.js';
import type { Origin } from './origin.js';
import type { Phase } from './phase.js';
import type { StageRef } from './stage.js';
import type { Text } from './text.js';

/** Ordering metadata shared by every step. Fragments set it; raw steps keep their position. */
export interface StepBase {
  readonly origin: Origin;
  /** Cache phase. Absent: the step is anchored and keeps its position relative to its neighbours. */
  readonly phase?: Phase;
  /** Build-context paths the step reads (COPY sources, bind mounts): what invalidates its cache. */
  readonly reads?: readonly string[];
  /** Image paths the step creates or changes: steps that `needs` them stay after it. */
  readonly writes?: readonly string[];
  /** Image paths the step reads: it stays after the steps that write them. */
  readonly needs?: readonly string[];
  /**
   * True when the step depends on no earlier step (no WORKDIR, USER, ENV, ARG, SHELL, no files),
   * so the compiler may move it anywhere, e.g. EXPOSE or LABEL.
   */
  readonly independent?: boolean;
  /**
   * ENV and ARG names the step is known not to read, so the compiler may move it above an ENV or
   * ARG that sets only these. BuildKit puts every ARG in scope into a RUN's cache key: a download
   * below `ARG TARGETOS` is cached once per platform unless it can move above it.
   */
  readonly ignoresVariables?: readonly string[];
  /** Adjacent steps with the same merge strategy are merged into one by the compiler. */
  readonly merge?: MergeSpec;
  /** What the compiler did to the step, for `dsl build --explain`. Set by passes only. */
  readonly trace?: StepTrace;
}

/** A package-manager install that can be merged with its neighbours (apt, apk). */
export interface MergeSpec {
  readonly strategy: 'apt' | 'apk';
  readonly packages: readonly string[];
  /** Whether the install uses cache mounts (only installs alike are merged). */
  readonly cacheMounts: boolean;
}

export interface StepTrace {
  /** 1-based position in the stage as written, before ordering. */
  readonly writtenAt: number;
  /** Why the step moved, when it did. */
  readonly moved?: string;
  /** Origins of steps merged into this one. */
  readonly mergedFrom?: readonly Origin[];
}

export interface ShellForm {
  readonly form: 'shell';
  /** Commands joined with `&&`, each on its own continuation line when several. */
  readonly commands: readonly string[];
}

export interface ExecForm {
  readonly form: 'exec';
  readonly argv: readonly string[];
}

/** A heredoc script (needs frontend syntax 1.4). */
export interface HeredocForm {
  readonly form: 'heredoc';
  readonly script: string;
}

export type CommandForm = ShellForm | ExecForm;

export interface RunStep extends StepBase {
  readonly kind: 'run';
  readonly command: ShellForm | ExecForm | HeredocForm;
  readonly mounts: readonly Mount[];
  readonly network?: 'default' | 'none' | 'host';
}

export interface CopyStep extends StepBase {
  readonly kind: 'copy';
  readonly sources: readonly string[];
  readonly dest: string;
  readonly from?: StageRef | string;
  readonly chown?: string;
  readonly chmod?: string;
  readonly link?: boolean;
  readonly exclude?: readonly string[];
  readonly parents?: boolean;
  /** Set by `gate()`: the compiler makes the `from` stage write the marker file this copies. */
  readonly gate?: boolean;
}

export interface AddStep extends StepBase {
  readonly kind: 'add';
  readonly sources: readonly string[];
  readonly dest: string;
  readonly chown?: string;
  readonly chmod?: string;
  readonly checksum?: string;
  readonly link?: boolean;
}

export interface EnvStep extends StepBase {
  readonly kind: 'env';
  readonly vars: readonly (readonly [name: string, value: Text])[];
}

export interface ArgStep extends StepBase {
  readonly kind: 'arg';
  readonly name: string;
  readonly default?: Text;
}

export interface WorkdirStep extends StepBase {
  readonly kind: 'workdir';
  readonly path: Text;
}

export interface UserStep extends StepBase {
  readonly kind: 'user';
  readonly user: Text;
  readonly group?: Text;
}

export interface ExposeStep extends StepBase {
  readonly kind: 'expose';
  readonly ports: readonly string[];
}

export interface LabelStep extends StepBase {
  readonly kind: 'label';
  readonly labels: readonly (readonly [key: string, value: Text])[];
}

export interface CmdStep extends StepBase {
  readonly kind: 'cmd';
  readonly command: CommandForm;
}

export interface EntrypointStep extends StepBase {
  readonly kind: 'entrypoint';
  readonly command: CommandForm;
}

export interface HealthcheckStep extends StepBase {
  readonly kind: 'healthcheck';
  /** Absent: `HEALTHCHECK NONE`, which disables a check inherited from the base image. */
  readonly check?: {
    readonly command: CommandForm;
    readonly interval?: string;
    readonly timeout?: string;
    readonly startPeriod?: string;
    readonly startInterval?: string;
    readonly retries?: number;
  };
}

export interface ShellStep extends StepBase {
  readonly kind: 'shell';
  readonly argv: readonly string[];
}

export interface VolumeStep extends StepBase {
  readonly kind: 'volume';
  readonly paths: readonly string[];
}

export interface StopsignalStep extends StepBase {
  readonly kind: 'stopsignal';
  readonly signal: string;
}

export interface OnbuildStep extends StepBase {
  readonly kind: 'onbuild';
  readonly step: Step;
}

export interface CommentStep extends StepBase {
  readonly kind: 'comment';
  readonly text: string;
}

export type Step =
  | RunStep
  | CopyStep
  | AddStep
  | EnvStep
  | ArgStep
  | WorkdirStep
  | UserStep
  | ExposeStep
  | LabelStep
  | CmdStep
  | EntrypointStep
  | HealthcheckStep
  | ShellStep
  | VolumeStep
  | StopsignalStep
  | OnbuildStep
  | CommentStep;

export type StepKind = Step['kind'];

export const STEP_KINDS: readonly StepKind[] = [
  'run',
  'copy',
  'add',
  'env',
  'arg',
  'workdir',
  'user',
  'expose',
  'label',
  'cmd',
  'entrypoint',
  'healthcheck',
  'shell',
  'volume',
  'stopsignal',
  'onbuild',
  'comment',
];
