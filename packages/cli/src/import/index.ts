/** `dsl import`: a Dockerfile to a docker.config.ts (loads ts-morph: import this lazily). */
export { compareDockerfiles, type Difference } from './equivalence.js';
export {
  camelCase,
  ImportFailed,
  type ImportMessage,
  type ImportModel,
  type ImportOptions,
  ImportRejected,
  importToModel,
  type Statement,
} from './generate.js';
export { LINE_WIDTH, printModule } from './printModule.js';

import { type ImportOptions, importToModel } from './generate.js';
import { printModule } from './printModule.js';

/** Imports a Dockerfile and prints the config: the code, and the model it came from. */
export function importDockerfileToConfig(source: string, options: ImportOptions = {}) {
  const model = importToModel(source, options);
  return { code: printModule(model), model };
}
