import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { BAKE_MARKER, bakeFile, compile, renderBakeFile } from '@dockerdsl/core';
import { parseCommandArgs, usageFailure } from '../args.js';
import { EXIT } from '../exitCodes.js';
import { findConfig } from '../findConfig.js';
import { syncGeneratedFile } from '../generatedFile.js';
import { loadConfig } from '../loadConfig.js';
import { printInfo, yellow } from '../output.js';
import { passContext } from '../passContext.js';
import { writeStdout } from '../stdio.js';

export const usage = `Usage: dsl bake [DIR] [options]

Write docker-bake.json next to DIR/docker.config.ts: a "default" group with every target of the
config and, per target, the context (the config's directory), the Dockerfile, the stage, and the
tags, platforms, build args, labels and cache settings of the config's "images" option. Then
"docker buildx bake" builds every target in parallel (see docs/scale-out.md).

Options:
  --config PATH       config file to use instead of DIR/docker.config.ts
  --out PATH          where to write the bake file (default: docker-bake.json next to the config)
  --dockerfile PATH   the Dockerfile the targets build (default: Dockerfile next to the config,
                      as "dsl build" writes it)
  --stdout            print the bake file instead of writing it
  --check             write nothing; exit 1 with a diff if the bake file on disk is stale
  --force             overwrite a bake file that dsl did not generate
  --no-cache          do not read or write the transpile cache
  -h, --help          show this help

Exit codes: 0 ok, 1 config/compile error or stale --check, 2 usage error.`;

const options = {
  config: { type: 'string' },
  out: { type: 'string' },
  dockerfile: { type: 'string' },
  stdout: { type: 'boolean' },
  check: { type: 'boolean' },
  force: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function bake(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('bake', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageFailure('bake', 'dsl bake takes one directory');
  const cwd = process.cwd();
  const configPath = findConfig(positionals[0], values.config);
  const context = dirname(configPath);
  const outPath = resolve(cwd, values.out ?? resolve(context, 'docker-bake.json'));
  const dockerfilePath = resolve(cwd, values.dockerfile ?? resolve(context, 'Dockerfile'));
  const config = await loadConfig(configPath, { noCache: values['no-cache'] === true });
  const { build } = compile(config, { checkSecrets: false, context: passContext(configPath) });
  const text = renderBakeFile(
    bakeFile(config, build, {
      context: posix(relative(dirname(outPath), context)) || '.',
      dockerfile: posix(relative(context, dockerfilePath)),
      sourceName: posix(relative(dirname(outPath), configPath)) || basename(configPath),
    }),
  );
  if (values.stdout) {
    writeStdout(text);
    return EXIT.ok;
  }
  syncGeneratedFile({
    path: outPath,
    content: text,
    isGenerated: isGeneratedBakeFile,
    marker: `"//": "${BAKE_MARKER} ..." comment`,
    command: 'dsl bake',
    cwd,
    check: values.check === true,
    force: values.force === true,
  });
  if (!existsSync(dockerfilePath)) {
    printInfo(
      `${yellow('warning')}: ${relative(cwd, dockerfilePath) || dockerfilePath} does not exist yet: run "dsl build" before "docker buildx bake"`,
    );
  }
  return EXIT.ok;
}

function posix(path: string): string {
  return path.split('\\').join('/');
}

/** A bake file dsl wrote: JSON whose top-level "//" comment starts with the marker. */
export function isGeneratedBakeFile(text: string): boolean {
  try {
    const comment = (JSON.parse(text) as { '//'?: unknown })['//'];
    return typeof comment === 'string' && comment.startsWith(BAKE_MARKER);
  } catch {
    return false;
  }
}
