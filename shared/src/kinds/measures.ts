/**
 * The additive measures of a cell beyond its count: what a partner computes per cell in SQL, what
 * travels to the gateway (`indicatorCells`: numerator, sum, sortedValues), and what the gateway
 * merges across partners before any figure is computed. A kind says which it needs.
 */
export const MEASURE_NAMES = ['numerator', 'sum', 'values'] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export interface Measures {
  /** How many records of the cell meet the numerator. */
  numerator: number | null;
  /** The sum of the records' values. */
  sum: number | null;
  /** Every value, ascending, so medians stay exact after merging. */
  values: number[] | null;
}

/** A kind's measures of an empty cell: zero where they count, null where they do not apply. */
export function emptyMeasures(names: readonly MeasureName[]): Measures {
  return { numerator: names.includes('numerator') ? 0 : null, sum: null, values: null };
}

export function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = new Array(a.length + b.length);
  let [i, j, k] = [0, 0, 0];
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

const addNullable = (a: number | null | undefined, b: number | null) => (b === null ? (a ?? null) : (a ?? 0) + b);

/** Merges measure by measure: counts and sums add, sorted values merge. */
export function mergeMeasures(into: Measures | undefined, from: Measures): Measures {
  return {
    numerator: addNullable(into?.numerator, from.numerator),
    sum: addNullable(into?.sum, from.sum),
    values: from.values === null ? (into?.values ?? null) : into?.values ? mergeSorted(into.values, from.values) : from.values,
  };
}

/** The middle value, or the mean of the two middle values (as percentile_cont(0.5)). */
export function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
