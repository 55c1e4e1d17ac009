import { relative } from 'node:path';
import type { ResolvedBuild } from '../ir/resolved.js';
import type { Step } from '../ir/steps.js';
import { emitStep } from './emitStep.js';

/**
 * `dsl build --explain`: for every emitted instruction, the fragment and config line it came from,
 * its phase, and whether (and why) the compiler moved or merged it.
 */
export function explainBuild(build: ResolvedBuild, relativeTo: string): string {
  const where = (step: Step): string => {
    const site = step.origin.callSite;
    return site ? `${relative(relativeTo, site.file) || site.file}:${site.line}` : '(generated)';
  };
  const lines: string[] = [];
  for (const stage of build.stages) {
    const base = 'stage' in stage.from ? stage.from.stage : stage.from.image;
    const role =
      stage.name === build.defaultTarget ? ' [default target]' : build.targets.includes(stage.name) ? ' [target]' : '';
    const site = stage.origin.callSite;
    lines.push(
      `FROM ${base} AS ${stage.name}${role}${site ? `  <- ${relative(relativeTo, site.file) || site.file}:${site.line}` : `  <- ${stage.origin.fragment}`}`,
    );
    stage.steps.forEach((step, index) => {
      const text = firstLine(emitStep(step, { syntax: build.syntax }));
      const chain = step.origin.chain && step.origin.chain.length > 1 ? ` via ${step.origin.chain.join(' > ')}` : '';
      lines.push(`  ${String(index + 1).padStart(2)}. ${text}`);
      lines.push(
        `      from ${step.origin.fragment}${chain} at ${where(step)}, phase ${step.phase ?? 'none (keeps its place)'}`,
      );
      if (step.trace?.moved) lines.push(`      ${step.trace.moved}`);
      if (step.trace?.mergedFrom) {
        lines.push(
          `      merged ${step.trace.mergedFrom.length} installs: ${step.trace.mergedFrom.map((origin) => `${origin.fragment} at ${origin.callSite ? `${relative(relativeTo, origin.callSite.file)}:${origin.callSite.line}` : '?'}`).join(', ')}`,
        );
      }
    });
    lines.push('');
  }
  return lines.join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
