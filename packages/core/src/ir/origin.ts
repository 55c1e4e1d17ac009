/** Where a step came from, so every diagnostic can point at the user's config. */
export interface CallSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Origin {
  /** The innermost named fragment (or step factory) that produced the step, e.g. `pipInstall`. */
  readonly fragment: string;
  /** The outermost call site known, normally a line of the user's `docker.config.ts`. */
  readonly callSite?: CallSite;
  /** Named fragments from outermost to innermost, e.g. `['pythonService', 'pipInstall']`. */
  readonly chain?: readonly string[];
}

export function formatCallSite(site: CallSite | undefined): string {
  return site ? `${site.file}:${site.line}:${site.column}` : '<unknown location>';
}
