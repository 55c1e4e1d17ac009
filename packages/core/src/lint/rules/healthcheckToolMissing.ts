import type { ResolvedBuild, ResolvedStage } from '../../ir/resolved.js';
import type { HealthcheckStep, Step } from '../../ir/steps.js';
import { at, defineRule, stageChain } from '../ruleHelpers.js';
import type { LintProblem } from '../types.js';

type Client = 'curl' | 'wget';

/**
 * DSL007: a HEALTHCHECK that runs curl or wget in a stage built on an image without it, and no
 * step of the stage (or a stage it is built on) mentions the program, as an install would. Docker
 * then reports "executable file not found" on every check and the container is unhealthy forever.
 * Only images known to lack the program are judged: the `-slim` variants (node, python, debian...),
 * debian, ubuntu, distroless and scratch have neither; alpine and busybox have BusyBox's wget.
 */
export const healthcheckToolMissing = defineRule({
  id: 'DSL007',
  description: 'A HEALTHCHECK runs curl or wget, which the base image does not have and no step installs.',
  defaultSeverity: 'warn',
  check: ({ build }) => build.stages.flatMap((stage) => missingClients(build, stage)),
});

function missingClients(build: ResolvedBuild, stage: ResolvedStage): LintProblem[] {
  const chain = stageChain(build, stage.name);
  const root = chain[0]?.from;
  if (root === undefined || !('image' in root)) return [];
  const steps = chain.flatMap((link) => link.steps);
  return stage.steps.flatMap((step, i) => {
    const client = step.kind === 'healthcheck' ? clientOf(step) : undefined;
    if (client === undefined || imageHas(root.image, client) || mentioned(steps, client)) return [];
    return [
      {
        ...at({ step, stage, index: i + 1 }),
        message: `HEALTHCHECK runs ${client}, which ${root.image} does not have: every check fails ("executable file not found") and the container is reported unhealthy`,
        hint: hintFor(root.image),
      },
    ];
  });
}

function clientOf(step: HealthcheckStep): Client | undefined {
  const command = step.check?.command;
  if (command === undefined) return undefined;
  const first = command.form === 'exec' ? command.argv[0] : command.commands[0]?.trim().split(/\s+/)[0];
  const program = first?.slice(first.lastIndexOf('/') + 1);
  return program === 'curl' || program === 'wget' ? program : undefined;
}

/** False only where the image is known to lack the program; an unknown image gets the benefit. */
function imageHas(image: string, client: Client): boolean {
  const { name, tag } = parseImage(image);
  if (name === 'scratch' || image.includes('/distroless/')) return false;
  if (name === 'alpine' || name === 'busybox' || tag.includes('alpine')) return client === 'wget';
  if (/(^|-)slim(-|$)/.test(tag) || name === 'debian' || name === 'ubuntu') return false;
  return true;
}

function parseImage(image: string): { readonly name: string; readonly tag: string } {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    name: withoutDigest.slice(slash + 1, hasTag ? colon : undefined),
    tag: hasTag ? withoutDigest.slice(colon + 1) : '',
  };
}

/** Whether a RUN names the program (apt-get install curl, apk add wget, a copied binary...). */
function mentioned(steps: readonly Step[], client: Client): boolean {
  const word = new RegExp(`\\b${client}\\b`);
  return steps.some((step) => {
    if (step.kind === 'run') {
      const command = step.command;
      const text =
        command.form === 'exec'
          ? command.argv.join(' ')
          : command.form === 'shell'
            ? command.commands.join('\n')
            : command.script;
      return word.test(text);
    }
    return step.kind === 'copy' && step.sources.some((source) => word.test(source));
  });
}

function hintFor(image: string): string {
  const { name } = parseImage(image);
  if (name === 'node') return "use the runtime the image has: httpHealthcheck({ port, tool: 'node' })";
  if (name === 'python') return "use the runtime the image has: httpHealthcheck({ port, tool: 'python' })";
  if (name === 'alpine' || name === 'busybox') return "use BusyBox's wget: httpHealthcheck({ port, tool: 'wget' })";
  return "install it before the HEALTHCHECK (aptInstall(['curl'])), or check with a program the image has (healthcheck([...]))";
}
