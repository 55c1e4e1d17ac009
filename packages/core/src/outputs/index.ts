export {
  BAKE_MARKER,
  type BakeFile,
  type BakeOptions,
  type BakeTarget,
  bakeFile,
  cacheCsv,
  renderBakeFile,
  settingsFor,
} from './bake.js';
export { type ContextRead, contextReads, normalizeContextPath } from './contextReads.js';
export {
  type DockerignoreOptions,
  type DockerignorePlan,
  planDockerignore,
  renderDockerignore,
} from './dockerignore.js';
export {
  IR_SCHEMA_ID,
  irJsonSchema,
  printIr,
  type SerializeOptions,
  serializeBuild,
  serializedBuildSchema,
} from './serializeIr.js';
export {
  type GraphEdge,
  type GraphEdgeKind,
  type GraphNode,
  renderDot,
  renderMermaid,
  type StageGraph,
  stageGraph,
} from './stageGraph.js';
