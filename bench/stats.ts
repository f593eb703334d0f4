/** Order statistics for benchmark samples: medians of runs, latency percentiles. */

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Linear interpolation between the closest ranks of an ascending array; NaN when empty. */
export function quantile(sortedAscending: ArrayLike<number>, q: number): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const low = sortedAscending[below]!;
  const high = sortedAscending[above]!;
  return low + (high - low) * (position - below);
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
}

/** Sorts in place: latency arrays can hold hundreds of thousands of samples. */
export function latencySummary(samples: Float64Array): LatencySummary {
  samples.sort();
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}
