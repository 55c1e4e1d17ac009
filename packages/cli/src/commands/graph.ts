import { dirname, relative, resolve } from 'node:path';
import { compile, renderDot, renderMermaid, stageGraph } from '@dockerdsl/core';
import { parseCommandArgs, usageError, usageFailure } from '../args.js';
import { EXIT } from '../exitCodes.js';
import { findConfig } from '../findConfig.js';
import { loadConfig } from '../loadConfig.js';
import { green, printInfo } from '../output.js';
import { writeOutputFile } from '../outputFile.js';
import { passContext } from '../passContext.js';
import { writeStdout } from '../stdio.js';
import { checkTargetOption } from '../targetOption.js';

export const usage = `Usage: dsl graph [DIR] [options]

Print the stage graph of DIR/docker.config.ts as the compiler emits it: FROM parents,
COPY --from, RUN --mount from= and gate() edges, base images, the targets and the default
target (what a plain "docker build" builds).

Options:
  --config PATH      config file to use instead of DIR/docker.config.ts
  --format FORMAT    mermaid (default) or dot
  --target NAME      only the stages target NAME needs
  --out PATH         write the graph to PATH instead of stdout
  --no-cache         do not read or write the transpile cache
  -h, --help         show this help

Render Mermaid in a \`\`\`mermaid block (GitHub, most doc sites); DOT with "dot -Tsvg".
Exit codes: 0 ok, 1 config/compile error, 2 usage error.`;

const options = {
  config: { type: 'string' },
  format: { type: 'string' },
  target: { type: 'string' },
  out: { type: 'string' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function graph(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('graph', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageFailure('graph', 'dsl graph takes one directory');
  const format = values.format ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot') {
    throw usageError('graph', `--format must be mermaid or dot, not "${format}"`);
  }
  const configPath = findConfig(positionals[0], values.config);
  const target = values.target !== undefined ? { target: values.target } : {};
  const config = await loadConfig(configPath, { ...target, noCache: values['no-cache'] === true });
  checkTargetOption(config, values.target, configPath, process.cwd());
  const { build } = compile(config, { ...target, checkSecrets: false, context: passContext(configPath) });
  const graphOf = stageGraph(build);
  const text =
    format === 'dot'
      ? renderDot(graphOf, relative(process.cwd(), dirname(configPath)) || 'dsl')
      : renderMermaid(graphOf);
  if (values.out === undefined) {
    writeStdout(text);
    return EXIT.ok;
  }
  const out = resolve(values.out);
  writeOutputFile(out, text);
  printInfo(`${green('wrote')} ${relative(process.cwd(), out) || out}`);
  return EXIT.ok;
}
