import { isTerminal, writeStderr } from './stdio.js';

let stderrColor: boolean | undefined;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
function useColor(): boolean {
  stderrColor ??= isTerminal(2) && (process.env['NO_COLOR'] ?? '') === '' && process.env['TERM'] !== 'dumb';
  return stderrColor;
}

const paint = (code: number, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);

// All of them colour text for stderr, where the CLI writes its messages.
export const red = (text: string) => paint(31, text);
export const yellow = (text: string) => paint(33, text);
export const green = (text: string) => paint(32, text);
export const dim = (text: string) => paint(2, text);

export function printError(text: string): void {
  writeStderr(`${red(text)}\n`);
}

export function printInfo(text: string): void {
  writeStderr(`${text}\n`);
}
