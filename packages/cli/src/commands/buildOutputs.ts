import { printIr, type ResolvedBuild } from '@dockerdsl/core';
import { syncDockerignore } from '../dockerignoreFile.js';
import { EXIT } from '../exitCodes.js';
import { writeStdout } from '../stdio.js';

/** `dsl build`'s outputs beside the Dockerfile: `--print-ir`, `--dockerignore`. */
export const buildOutputs = {
  /** `--print-ir`: the resolved build as JSON on stdout, call sites relative to the config's directory. */
  printIr: (build: ResolvedBuild, configDir: string): number => {
    writeStdout(printIr(build, { relativeTo: configDir }));
    return EXIT.ok;
  },
  dockerignore: syncDockerignore,
};
