export type {
  DockerfileAst,
  DockerfileComment,
  Heredoc,
  Instruction,
  ParserDirective,
  ParseWarning,
} from './ast.js';
export { commandHeredocScript } from './commandHeredocScript.js';
export { dumpAst, dumpInstruction } from './dump.js';
export { DockerfileParseError, isDockerfileParseError } from './errors.js';
export { chompHeredocContent, type ParseOptions, parseDockerfile, parseHeredoc } from './parser.js';
export {
  decodeWord,
  type EnvLookup,
  envFromRecord,
  processWord,
  processWords,
  ShellLexError,
  type ShellLexOptions,
} from './shellLex.js';
export {
  dockerfileToIr,
  type ImportedBase,
  type ImportedDockerfile,
  type ImportedStage,
  type ImportedStep,
  type ImportWarning,
  importDockerfile,
  type ToIrOptions,
} from './toIr.js';
