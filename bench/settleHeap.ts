/** Blocks the main thread without spinning, so background GC threads have the CPU. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A full collection (node --expose-gc), then a pause while V8 sweeps concurrently after it: for
 * ~100 ms at 10,000 stages the sweep slowed every memory access of the main thread 4-8x (a walk
 * over all steps: 40-87 ms right after gc(), 13-17 ms once the sweep is done).
 */
export function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
  pause(300);
}
