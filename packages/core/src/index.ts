export { defineConfig } from './api/defineConfig.js';
export {
  type DefinedFragment,
  defineFragment,
  type FragmentContext,
  type FragmentDefinition,
  type FragmentInfo,
  isDefinedFragment,
} from './api/defineFragment.js';
export { type Fragment, fragment } from './api/fragment.js';
export { GATE_DIR, gate } from './api/gate.js';
export { bindMount, cacheMount, secretMount, sshMount, tmpfsMount } from './api/mounts.js';
export { type StageOptions, stage } from './api/stage.js';
export {
  type AddOptions,
  add,
  arg,
  type CopyOptions,
  cmd,
  comment,
  copy,
  entrypoint,
  env,
  expose,
  type HealthcheckOptions,
  healthcheck,
  heredoc,
  label,
  onbuild,
  type RunOptions,
  run,
  type StepOrdering,
  sh,
  shell,
  stopsignal,
  user,
  volume,
  workdir,
} from './api/steps.js';
export { variants } from './api/variants.js';
export { builtInPasses, type CompileOptions, type CompileResult, compile } from './compiler/compile.js';
export { nextWorkdir } from './compiler/nextWorkdir.js';
export type { CompilerPass, PassContext } from './compiler/pass.js';
export { orderSteps } from './compiler/passes/orderForCache.js';
export { type EmitOptions, emitDockerfile, GENERATED_HEADER, MAX_LINE_BYTES } from './emit/emitDockerfile.js';
export { explainBuild } from './emit/explain.js';
export { DslError, type ErrorLocation, isDslError } from './errors.js';
export * from './fragments/index.js';
export type { Config, ConfigContext, ConfigInput, LintConfig, SyntaxLevel } from './ir/config.js';
export type * from './ir/mounts.js';
export type { CallSite, Origin } from './ir/origin.js';
export type { CacheSpec, DockerignoreConfig, ImageSettings, ImagesConfig } from './ir/outputs.js';
export { PHASES, type Phase } from './ir/phase.js';
export type { ResolvedBuild, ResolvedStage } from './ir/resolved.js';
export type { FragmentNode, Stage, StageItem } from './ir/stage.js';
export type * from './ir/steps.js';
export { type ExpandText, expand, type Text } from './ir/text.js';
export * from './lint/index.js';
export { withoutPretenuring } from './loader/pretenuring.js';
export * from './lock/index.js';
export * from './outputs/index.js';
export * from './parse/index.js';
export * from './testing/index.js';
export { CORE_MAJOR, CORE_PACKAGE, CORE_VERSION } from './version.js';
