import type { Config } from '../ir/config.js';
import type { CallSite } from '../ir/origin.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import type { Stage } from '../ir/stage.js';

/** `off` silences a rule, `warn` reports it, `error` fails `dsl lint` and `dsl build`. */
export type LintSeverity = 'off' | 'warn' | 'error';
export const LINT_SEVERITIES = ['off', 'warn', 'error'] as const;

/**
 * A source edit `dsl lint --fix` may apply at the finding's call site. Only rules that know the
 * exact, behaviour-preserving form offer one, and only when the call site is the step factory itself
 * (a raw `run()`/`add()` in the config), so the text to change is right there.
 */
export type LintFix =
  /** Regex-replace inside the string literals passed to the call (`apt install` -> `apt-get install`). */
  | {
      readonly kind: 'replaceInStrings';
      readonly description: string;
      readonly pattern: string;
      readonly flags: string;
      readonly replacement: string;
    }
  /** Call another factory with the same arguments (`add(...)` -> `copy(...)`), importing it if needed. */
  | { readonly kind: 'renameCall'; readonly description: string; readonly from: string; readonly to: string };

/** What a rule reports; the engine adds the rule's id, name and configured severity. */
export interface LintProblem {
  readonly message: string;
  readonly callSite?: CallSite;
  readonly stage?: string;
  /** 1-based index of the step in its stage, as emitted. */
  readonly step?: number;
  readonly fragment?: string;
  readonly hint?: string;
  readonly fix?: LintFix;
}

export interface LintFinding extends LintProblem {
  /** The id users know: hadolint's `DL3007`, BuildKit's `SecretsUsedInArgOrEnv`, or dsl's `DSL001`. */
  readonly rule: string;
  /** The readable name, e.g. `no-latest-tag`. Either works in `lint.rules`. */
  readonly name: string;
  readonly severity: Exclude<LintSeverity, 'off'>;
}

export interface LintInput {
  /** The config as loaded (targets, declared stages, lint settings). */
  readonly config: Config;
  /** The resolved build the Dockerfile is emitted from (`compile(config).build`). */
  readonly build: ResolvedBuild;
  /**
   * Every stage value seen while the config was loaded (`observeStages()`), so a test stage that
   * no target and no `stages` entry mentions is still found. Optional.
   */
  readonly seenStages?: readonly Stage[];
}

export interface LintRule {
  readonly id: string;
  readonly name: string;
  /** One line for docs and `dsl lint --list`. */
  readonly description: string;
  readonly defaultSeverity: LintSeverity;
  /** Off unless the config turns it on. */
  readonly optIn?: boolean;
  /** The severity cannot be lowered (secrets: use `lint.allowSecretNames`). */
  readonly fixedSeverity?: boolean;
  readonly check: (input: LintInput) => readonly LintProblem[];
}
