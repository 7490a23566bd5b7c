// Percentiles by nearest rank, defined once: the reports' P90 (the day histogram in
// hub/reports/reports.ts reads the same rank from its buckets) and every figure `bench/` prints.
// Nearest rank is a value that was measured, never an interpolation: the p99 of 100 calls is the 99th
// slowest, not the slowest (the benches' own versions had taken index ⌊p·n⌋, the maximum at n = 100).

/**
 * The p-th percentile (p from 0 to 1) of ascending `sorted` by nearest rank: the smallest value with at
 * least p of the values at or below it; null when empty. p90 of 1…10 is 9, of a single value that value.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[nearestRank(sorted.length, p) - 1]!;
}

/** Which of `count` ascending values (1-based) is the p-th percentile by nearest rank; for counts kept in buckets too. */
export function nearestRank(count: number, p: number): number {
  return Math.min(count, Math.max(1, Math.ceil(p * count)));
}

/** The same of values in any order (a sorted copy is read); 0 when there are none, for printed figures. */
export function percentileOf(values: readonly number[], p: number): number {
  return percentile([...values].sort((a, b) => a - b), p) ?? 0;
}

/** The median by nearest rank (of an even count, the lower of the two middle values). */
export function median(values: readonly number[]): number {
  return percentileOf(values, 0.5);
}
