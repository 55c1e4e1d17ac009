/**
 * Cache phases, from rarely to often changing. The compiler orders steps by phase so that an edit
 * invalidates as few layers as possible.
 */
export const PHASES = ['system', 'toolchain', 'deps', 'source', 'build', 'metadata'] as const;
export type Phase = (typeof PHASES)[number];

export function phaseRank(phase: Phase): number {
  return PHASES.indexOf(phase);
}
