import { relative } from 'node:path';
import type { CallSite } from './ir/origin.js';

/** Where in the user's config an error belongs. Every field is optional; more is better. */
export interface ErrorLocation {
  readonly callSite?: CallSite;
  readonly stage?: string;
  /** 1-based index of the step in its stage, as emitted. */
  readonly step?: number;
  readonly fragment?: string;
  /** The npm package that defines `fragment` (printed unless it is `@dockerdsl/core`). */
  readonly package?: string;
  /** Path into the config or options, e.g. `stages[2].steps[4].dest`. */
  readonly path?: string;
}

/**
 * An error the user can act on: what is wrong, where, and (in `hint`) what to do.
 * The CLI prints it as `file:line:col: message` and exits 1.
 */
export class DslError extends Error {
  override readonly name = 'DslError';
  readonly location: ErrorLocation;
  readonly hint: string | undefined;

  constructor(message: string, location: ErrorLocation = {}, hint?: string) {
    super(message);
    this.location = location;
    this.hint = hint;
  }

  /**
   * A multi-line report, paths relative to `cwd`: `file:line:column: error: message`, where the
   * error happened, and the hint.
   * `file` names the config when no call site is known but a path in the exported config object is.
   */
  format(cwd: string = process.cwd(), file?: string): string {
    const { callSite, stage, step, fragment, path, package: pkg } = this.location;
    const where = callSite
      ? `${relative(cwd, callSite.file) || callSite.file}:${callSite.line}:${callSite.column}: `
      : file !== undefined && path !== undefined
        ? `${relative(cwd, file) || file}: `
        : '';
    const context = [
      stage === undefined && step === undefined && fragment === undefined && path !== undefined
        ? 'the exported config'
        : undefined,
      stage !== undefined ? `stage "${stage}"` : undefined,
      step !== undefined ? `step ${step}` : undefined,
      fragment !== undefined
        ? `fragment ${fragment}()${pkg !== undefined && pkg !== '@dockerdsl/core' ? ` from ${pkg}` : ''}`
        : undefined,
      path !== undefined ? `at ${path}` : undefined,
    ].filter(Boolean);
    // Other places the text names (the first of two stages with one name) read like the first line.
    const root = cwd.replace(/\/$/, '');
    // Run from `/`, every path is under it: nothing to shorten (and every slash would go).
    const relativeInside = (text: string) => (root === '' ? text : text.replaceAll(`${root}/`, ''));
    const lines = [`${where}error: ${relativeInside(this.message)}`];
    if (context.length > 0) lines.push(`  in ${context.join(', ')}`);
    if (this.hint) lines.push(`  hint: ${relativeInside(this.hint)}`);
    return lines.join('\n');
  }
}

export function isDslError(error: unknown): error is DslError {
  return error instanceof Error && (error as { name?: unknown }).name === 'DslError' && 'location' in error;
}
