import type { CompilerPass } from '../compiler/pass.js';
import type { LintRuleKey } from '../lint/ids.js';
import type { DockerignoreConfig, ImagesConfig } from './outputs.js';
import type { Stage } from './stage.js';
import type { ArgStep } from './steps.js';

/** Frontend syntax levels. `builtin` is what Docker Engine 20.10's built-in frontend accepts. */
export const SYNTAX_LEVELS = ['builtin', '1.4', '1.6', '1.7', '1.8', '1.10', '1.19', '1.20'] as const;
export type SyntaxLevel = (typeof SYNTAX_LEVELS)[number];

export interface Config {
  /** Stages to build, by target. The first-listed default target's stage is emitted last. */
  readonly targets: readonly Stage[];
  /** The target a plain `docker build` builds. Defaults to the last of `targets`. */
  readonly defaultTarget?: Stage;
  /** Extra stages to emit even if no target needs them (normally none: unreachable stages are pruned). */
  readonly stages?: readonly Stage[];
  /** ARGs declared before the first FROM (usable in FROM lines). */
  readonly args?: readonly ArgStep[];
  /** Frontend level; anything above `builtin` emits `# syntax=docker/dockerfile:<level>`. */
  readonly syntax?: SyntaxLevel;
  /** Switch built-in optimisations off (all on by default). */
  readonly optimize?: {
    readonly orderForCache?: boolean;
    readonly mergeRuns?: boolean;
    readonly hoistSharedPrefix?: boolean;
  };
  /** Extra compiler passes, placed by their `enforce` ('pre' | 'post'), as vite orders plugins. */
  readonly plugins?: readonly CompilerPass[];
  /** Lint settings for `dsl lint` and `dsl build` (docs/lint.md). */
  readonly lint?: LintConfig;
  /** Write a `.dockerignore` allow-list with the Dockerfile (also `dsl build --dockerignore`; docs/cli.md). */
  readonly dockerignore?: true | DockerignoreConfig;
  /** Per-target tags, platforms, build args and cache settings for `dsl bake` (docs/scale-out.md). */
  readonly images?: ImagesConfig;
}

export interface LintConfig {
  /** Severity per rule, by id or name: `{ DL3007: 'error', 'consecutive-runs': 'off' }`. */
  readonly rules?: Readonly<Partial<Record<LintRuleKey, 'off' | 'warn' | 'error'>>>;
  /**
   * ENV/ARG names that look like secrets but are not (e.g. `GPG_KEY` holding a public key id).
   * Any other secret-like name is a compile error: pass credentials with secret mounts.
   */
  readonly allowSecretNames?: readonly string[];
}

export interface ConfigContext {
  readonly target: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type ConfigInput = Config | ((context: ConfigContext) => Config | Promise<Config>);
