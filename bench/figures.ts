/** How the benchmarks reduce and print their timings. */

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** A ratio to the previous size as printed (`12.31x`), `-` for the first size. */
export function formatGrowth(ratio: number | undefined): string {
  return ratio === undefined ? '-' : `${ratio.toFixed(2)}x`;
}
