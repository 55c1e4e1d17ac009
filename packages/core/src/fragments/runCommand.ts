import * as z from 'zod/mini';
import { PHASES } from '../ir/phase.js';
import { lazy } from '../schema/lazy.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters on purpose
const CONTROL = /[\u0000-\u001f\u007f]/;

const line = lazy(() =>
  z.string().check(
    z.trim(),
    z.minLength(1, 'the command is empty'),
    z.refine((text) => !CONTROL.test(text), 'a command line cannot contain a newline or control character'),
    z.refine((text) => !text.endsWith('\\'), 'a command line cannot end with a backslash'),
  ),
);

/** A shell command, or several joined with `&&`. */
export const commandOption = lazy(() => z.union([line(), z.array(line()).check(z.minLength(1, 'no commands given'))]));

export const phaseOption = lazy(() => z.enum(PHASES));

export function commandList(command: string | readonly string[]): string[] {
  return typeof command === 'string' ? [command] : [...command];
}
