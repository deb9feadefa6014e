/** Percentiles of an ascending-sorted sample (nearest rank; 0 for an empty sample). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.ceil((p / 100) * n) - 1;
  return sorted[rank < 0 ? 0 : rank >= n ? n - 1 : rank]!;
}

/** Sort a copy ascending (numeric). */
export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
