import * as z from 'zod';
import { PHASES } from '../ir/phase.js';
import { lazy } from '../schema/lazy.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters on purpose
const CONTROL = /[\u0000-\u001f\u007f]/;

const line = lazy(() =>
  z
    .string()
    .trim()
    .min(1, 'the command is empty')
    .refine((text) => !CONTROL.test(text), 'a command line cannot contain a newline or control character')
    .refine((text) => !text.endsWith('\\'), 'a command line cannot end with a backslash'),
);

/** A shell command, or several joined with `&&`. */
export const commandOption = lazy(() => z.union([line(), z.array(line()).min(1, 'no commands given')]));

export const phaseOption = lazy(() => z.enum(PHASES));

export function commandList(command: string | readonly string[]): string[] {
  return typeof command === 'string' ? [command] : [...command];
}
