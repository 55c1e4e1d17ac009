/**
 * An instruction other than ARG before the first FROM has no stage: BuildKit refuses the file ("no
 * build stage in current context", or "dockerfile contains no stages to build" for ARGs only), and
 * there is no stage() to put the step in, so the importer rejects it before generating anything.
 */
import type { DockerfileAst } from '@dockerdsl/core';
import type { ImportMessage } from './generate.js';

/**
 * One problem per instruction that needs a stage but comes before the first FROM (BuildKit refuses
 * the file either way), or one for a file of ARGs only.
 */
export function noStageProblems(ast: DockerfileAst): ImportMessage[] {
  const firstFrom = ast.instructions.findIndex((instruction) => instruction.name === 'from');
  const beforeFrom = firstFrom === -1 ? ast.instructions : ast.instructions.slice(0, firstFrom);
  const needingStage = beforeFrom.filter((instruction) => instruction.name !== 'arg');
  if (firstFrom !== -1) return needingStage.map(beforeFromProblem);
  if (needingStage.length === 0) {
    const last = ast.instructions[ast.instructions.length - 1];
    return [
      {
        line: last?.startLine ?? 0,
        message: 'no FROM: global ARGs alone build nothing; add a FROM line after them to start a stage',
      },
    ];
  }
  return needingStage.map(beforeFromProblem);
}

function beforeFromProblem(instruction: DockerfileAst['instructions'][number]): ImportMessage {
  return {
    line: instruction.startLine,
    message: `${instruction.keyword.toUpperCase()} before the first FROM: only ARG may come before FROM; add a FROM line above it to start a stage`,
  };
}
