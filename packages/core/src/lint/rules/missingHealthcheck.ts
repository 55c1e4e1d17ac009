import { atStage, defaultStage, defineRule, stageChain } from '../ruleHelpers.js';

/**
 * DSL002: a service (its default target EXPOSEs a port) without a HEALTHCHECK is "running" to
 * the orchestrator even when it no longer answers. Opt-in: Kubernetes ignores HEALTHCHECK and uses
 * its own probes. `healthcheck(null)` (HEALTHCHECK NONE) counts as a decision.
 */
export const missingHealthcheck = defineRule({
  id: 'DSL002',
  description: "A service's default target (it EXPOSEs a port) must have a HEALTHCHECK (opt-in).",
  defaultSeverity: 'warn',
  optIn: true,
  check: ({ build }) => {
    const target = defaultStage(build);
    if (!target) return [];
    const steps = stageChain(build, target.name).flatMap((stage) => stage.steps);
    if (!steps.some((step) => step.kind === 'expose') || steps.some((step) => step.kind === 'healthcheck')) return [];
    return [
      {
        ...atStage(target),
        message: `target "${target.name}" exposes a port but has no HEALTHCHECK: a hung service still counts as running`,
        hint: "add httpHealthcheck({ port, path: '/health' }) (or healthcheck([...]) / healthcheck(null) to opt out explicitly)",
      },
    ];
  },
});
