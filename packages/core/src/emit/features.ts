import { SYNTAX_LEVELS, type SyntaxLevel } from '../ir/config.js';

/** Features beyond Docker Engine 20.10's built-in frontend, with the syntax level that brings them. */
export const FEATURE_LEVELS = {
  'RUN --network': '1.4',
  'RUN heredoc': '1.4',
  'COPY --link': '1.4',
  'ADD --link': '1.4',
  'ADD --checksum': '1.6',
  'RUN --mount=type=secret,env': '1.10',
  'COPY --exclude': '1.19',
  'COPY --parents': '1.20',
} as const satisfies Record<string, SyntaxLevel>;

export type Feature = keyof typeof FEATURE_LEVELS;

export function levelAtLeast(level: SyntaxLevel, required: SyntaxLevel): boolean {
  return SYNTAX_LEVELS.indexOf(level) >= SYNTAX_LEVELS.indexOf(required);
}

/** The `# syntax=` directive for a level, or undefined for the engine's built-in frontend. */
export function syntaxDirective(level: SyntaxLevel): string | undefined {
  return level === 'builtin' ? undefined : `# syntax=docker/dockerfile:${level}`;
}
