import { DslError } from '../errors.js';

/**
 * A Dockerfile BuildKit would reject at parse time. `message` reads `Dockerfile:12: reason`;
 * `reason` is BuildKit's own wording and `line`/`endLine` the 1-based lines it concerns.
 */
export class DockerfileParseError extends DslError {
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly reason: string;

  constructor(reason: string, file: string, line: number, endLine: number = line) {
    // Line 0: no line to point at (an empty file); `Dockerfile:0:` would send the reader looking.
    super(`${file}${line > 0 ? `:${line}` : ''}: ${reason}`, {}, undefined);
    this.file = file;
    this.line = line;
    this.endLine = Math.max(line, endLine);
    this.reason = reason;
  }
}

export function isDockerfileParseError(error: unknown): error is DockerfileParseError {
  return error instanceof DockerfileParseError;
}
