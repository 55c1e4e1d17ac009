/**
 * Cache phases, from rarely to often changing. The compiler orders steps by phase so that an edit
 * invalidates as few layers as possible.
 */
export const PHASES = ['system', 'toolchain', 'deps', 'source', 'build', 'metadata'] as const;
export type Phase = (typeof PHASES)[number];

// A map, not PHASES.indexOf: the compiler ranks every step of every stage.
const RANKS = new Map<string, number>(PHASES.map((phase, rank) => [phase, rank]));

export function phaseRank(phase: Phase): number {
  return RANKS.get(phase) ?? -1;
}
