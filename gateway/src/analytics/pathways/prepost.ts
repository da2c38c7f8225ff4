import type { DayRange } from './funnel';
import type { PeopleIndex } from './people';

/** Per cell: the changes (after minus before) and the before and after values, per person paired. */
export interface ChangeTally {
  cells: Map<number, { changes: number[]; sumBefore: number; sumAfter: number }>;
  people: number;
}

/**
 * Pairs each person's measures across all their records (whichever partner collected them):
 * `before` is their first observation of measure 0 (in `cohort` when given), `after` their first
 * observation of measure 1 on or after that day. Cells are those of the record holding `before`.
 */
export function tallyChanges(index: PeopleIndex, cohort: DayRange): ChangeTally {
  const tally: ChangeTally = { cells: new Map(), people: 0 };
  for (const records of index.people) {
    let before: { day: number; value: number; record: number; partner: number } | null = null;
    for (const record of records) {
      for (let o = index.observationStart[record]; o < index.observationStart[record + 1]; o++) {
        if (index.observationMeasure[o] !== 0) continue;
        const day = index.observationDay[o];
        if (cohort && (day < cohort.from || day >= cohort.before)) continue;
        const partner = index.recordPartner[record];
        // Earliest wins; on one day, the first partner (then the first record) does, as in the docs.
        if (!before || day < before.day || (day === before.day && partner < before.partner))
          before = { day, value: index.observationValue[o], record, partner };
      }
    }
    if (!before) continue;
    let after: { day: number; value: number; partner: number } | null = null;
    for (const record of records) {
      for (let o = index.observationStart[record]; o < index.observationStart[record + 1]; o++) {
        if (index.observationMeasure[o] !== 1) continue;
        const day = index.observationDay[o];
        if (day < before.day) continue;
        const partner = index.recordPartner[record];
        if (!after || day < after.day || (day === after.day && partner < after.partner)) after = { day, value: index.observationValue[o], partner };
      }
    }
    if (!after) continue;
    tally.people++;
    const cell = index.recordCell[before.record];
    let entry = tally.cells.get(cell);
    if (!entry) {
      entry = { changes: [], sumBefore: 0, sumAfter: 0 };
      tally.cells.set(cell, entry);
    }
    entry.changes.push(after.value - before.value);
    entry.sumBefore += before.value;
    entry.sumAfter += after.value;
  }
  return tally;
}

// Student's t, 97.5th percentile, for 1 to 30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The two-sided 95% critical value of Student's t (a series expansion above 30 degrees of freedom, good to 1e-4). */
export function tCritical95(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[df - 1];
  const z = 1.959963985;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

export interface ChangeSummary {
  n: number;
  meanChange: number | null;
  medianChange: number | null;
  standardDeviation: number | null;
  /** The 95% confidence interval of the mean change (t distribution); null below two people. */
  ciLow: number | null;
  ciHigh: number | null;
  meanBefore: number | null;
  meanAfter: number | null;
}

/** Mean, median, sample standard deviation and the 95% t interval of sorted changes. */
export function summarizeChanges(sorted: readonly number[], sumBefore: number, sumAfter: number): ChangeSummary {
  const n = sorted.length;
  if (!n) return { n, meanChange: null, medianChange: null, standardDeviation: null, ciLow: null, ciHigh: null, meanBefore: null, meanAfter: null };
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  let sd: number | null = null;
  let half: number | null = null;
  if (n >= 2) {
    sd = Math.sqrt(sorted.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1));
    half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  }
  return {
    n,
    meanChange: mean,
    medianChange: median,
    standardDeviation: sd,
    ciLow: half === null ? null : mean - half,
    ciHigh: half === null ? null : mean + half,
    meanBefore: sumBefore / n,
    meanAfter: sumAfter / n,
  };
}
