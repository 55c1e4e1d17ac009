/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
const useColor = (stream: NodeJS.WriteStream): boolean =>
  stream.isTTY === true && (process.env['NO_COLOR'] ?? '') === '' && process.env['TERM'] !== 'dumb';

const paint = (code: number, text: string, stream: NodeJS.WriteStream) =>
  useColor(stream) ? `\u001b[${code}m${text}\u001b[0m` : text;

export const red = (text: string) => paint(31, text, process.stderr);
export const yellow = (text: string) => paint(33, text, process.stderr);
export const green = (text: string) => paint(32, text, process.stderr);
export const dim = (text: string) => paint(2, text, process.stderr);

export function printError(text: string): void {
  process.stderr.write(`${red(text)}\n`);
}

export function printInfo(text: string): void {
  process.stderr.write(`${text}\n`);
}
