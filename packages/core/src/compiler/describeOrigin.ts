import { basename } from 'node:path';
import type { Step } from '../ir/steps.js';

/** `pipInstall (docker.config.ts:12)`: how messages and traces name a step. */
export function describeOrigin(step: Step): string {
  const site = step.origin.callSite;
  return site ? `${step.origin.fragment} (${basename(site.file)}:${site.line})` : step.origin.fragment;
}
