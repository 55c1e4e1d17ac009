import type { DockerfileAst, Instruction } from './ast.js';
import { goQuote, goQuoteList, goToLower, trimGoSpace } from './goText.js';

/**
 * The tree in BuildKit's `Node.Dump()` format, one `(instruction "arg" ...)` per line, e.g.
 * `(copy ["--from=build"] "a" "/b")` or `(onbuild (run "echo" "x"))`. BuildKit's parser tests
 * compare this text with their `result` files (which end with one more newline).
 */
export function dumpAst(ast: DockerfileAst): string {
  let out = '';
  for (const instruction of ast.instructions) out += `(${dumpInstruction(instruction)})\n`;
  return trimGoSpace(out);
}

export function dumpInstruction(node: Instruction): string {
  let out = goToLower(node.keyword);
  if (node.flags.length > 0) out += ` ${goQuoteList(node.flags)}`;
  if (node.trigger) {
    // ONBUILD's argument is a node whose only child is the trigger instruction.
    out += ` ${trimGoSpace(`(${dumpInstruction(node.trigger)})\n`)}`;
  } else {
    for (const arg of node.args) out += ` ${goQuote(arg)}`;
  }
  return trimGoSpace(out);
}
