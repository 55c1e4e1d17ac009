import type { Instruction } from './ast.js';

/**
 * The shell script BuildKit runs for a RUN whose heredoc sits inside a command (`cat <<EOF > f`,
 * `<<EOF bash`, several heredocs): the command line, then each body followed by its delimiter, as
 * one script for the shell, which reads the heredocs itself. A heredoc script holding that text runs
 * the same. Undefined for a line starting with `#!`, which a heredoc script would run as a file.
 */
export function commandHeredocScript(instruction: Instruction): string | undefined {
  const line = instruction.args[0] ?? '';
  if (line.startsWith('#!')) return undefined;
  const bodies = instruction.heredocs.map((heredoc) => `${heredoc.content}${heredoc.name}`);
  return `${[line, ...bodies].join('\n')}\n`;
}
