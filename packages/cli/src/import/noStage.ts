/**
 * A Dockerfile without a FROM has no stage for its instructions: BuildKit refuses it ("no build
 * stage in current context", or "dockerfile contains no stages to build" for ARGs only), and there
 * is no stage() to put the steps in, so the importer rejects it before generating anything.
 */
import type { DockerfileAst } from '@dockerdsl/core';
import type { ImportMessage } from './generate.js';

/** One problem per instruction that needs a stage, or one for a file of ARGs only; none when there is a FROM. */
export function noStageProblems(ast: DockerfileAst): ImportMessage[] {
  if (ast.instructions.some((instruction) => instruction.name === 'from')) return [];
  const needingStage = ast.instructions.filter((instruction) => instruction.name !== 'arg');
  if (needingStage.length === 0) {
    const last = ast.instructions[ast.instructions.length - 1];
    return [
      {
        line: last?.startLine ?? 0,
        message: 'no FROM: global ARGs alone build nothing; add a FROM line after them to start a stage',
      },
    ];
  }
  return needingStage.map((instruction) => ({
    line: instruction.startLine,
    message: `${instruction.keyword.toUpperCase()} before the first FROM: only ARG may come before FROM; add a FROM line above it to start a stage`,
  }));
}
