import { createHash } from 'node:crypto';
import type { Dimension, SpecKind } from '@coalition/shared';
import { buildLattice, subsetsOf, tableId, type LatticeCell, type LatticeTable } from './lattice';
import { suppress, type SuppressionReason, type Suppressions } from './disclosure';

/** The additive measures of a cell, merged across partners before any figure is computed. */
export interface Measures {
  numerator: number | null;
  sum: number | null;
  /** MEDIAN only: every value, ascending. */
  values: number[] | null;
}

export interface Figure {
  people: number | null;
  numerator: number | null;
  value: number | null;
  suppressed: boolean;
  suppression: SuppressionReason | null;
}

export interface FigureCell {
  key: string;
  values: Array<{ dimension: string; value: string }>;
  current: Figure;
  previous: Figure | null;
  change: number | null;
}

export interface FigureTable {
  dimensions: string[];
  cells: FigureCell[];
}

const addNullable = (a: number | null | undefined, b: number | null) => (b === null ? (a ?? null) : (a ?? 0) + b);

export function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = new Array(a.length + b.length);
  let [i, j, k] = [0, 0, 0];
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

export function addMeasures(into: Measures | undefined, from: Measures): Measures {
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

/** Rates and means are computed after the merge, from summed numerators and denominators. */
export function valueOf(kind: SpecKind, people: number, measures: Measures): number | null {
  if (people === 0) return kind === 'COUNT' ? 0 : null;
  switch (kind) {
    case 'COUNT': return people;
    case 'RATE': return (100 * (measures.numerator ?? 0)) / people;
    case 'MEAN':
    case 'CHANGE': return measures.sum === null ? null : measures.sum / people;
    case 'MEDIAN': return median(measures.values ?? []);
  }
}

export interface PeriodCells<M = Measures> {
  /** Every partner's cells by the fetched dimensions; equal keys are summed in the lattice. */
  cells: Array<LatticeCell<M>>;
}

export interface Publication<M = Measures> {
  lattice: Map<string, LatticeTable<M>>;
  suppressions: Suppressions | null;
}

/**
 * Suppression depends only on the cube's counts, so it is kept per exact set of counts: the
 * same figures asked again (a dashboard reloading) reuse it, and any change in the data makes a
 * new key, never a stale answer.
 */
export class SuppressionCache {
  private readonly entries = new Map<string, Suppressions>();

  constructor(private readonly maxEntries = 64) {}

  get(key: string, compute: () => Suppressions): Suppressions {
    let found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
    } else {
      found = compute();
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, found);
    return found;
  }
}

/** The cube's merged counts, in key order. */
function countsKey(dimensions: readonly string[], cube: LatticeTable<unknown>, k: number): string {
  const hash = createHash('sha256').update(`${dimensions.join(',')}\n${k}\n`);
  for (const key of [...cube.cells.keys()].sort()) hash.update(`${key}=${cube.cells.get(key)!.count}\n`);
  return hash.digest('base64');
}

/** All the tables of a period: with suppression over the whole cube for roles other than the backbone. */
export function publish<M = Measures>(
  dimensions: readonly string[],
  period: PeriodCells<M>,
  minimumCellSize: number | null,
  cache?: SuppressionCache,
  add: (into: M | undefined, from: M) => M = addMeasures as unknown as (into: M | undefined, from: M) => M,
): Publication<M> {
  const lattice = buildLattice(dimensions, period.cells, add);
  if (minimumCellSize === null) return { lattice, suppressions: null };
  const compute = () => suppress(lattice, dimensions, minimumCellSize);
  const suppressions = cache ? cache.get(countsKey(dimensions, lattice.get(tableId(dimensions))!, minimumCellSize), compute) : compute();
  return { lattice, suppressions };
}

function figure(kind: SpecKind, publication: Publication, id: string, key: string): Figure {
  const cell = publication.lattice.get(id)?.cells.get(key);
  const people = cell?.count ?? 0;
  const reason = publication.suppressions?.get(id)?.get(key) ?? null;
  if (reason) return { people: null, numerator: null, value: null, suppressed: true, suppression: reason };
  const measures = cell?.measures ?? { numerator: kind === 'RATE' ? 0 : null, sum: null, values: null };
  return {
    people,
    numerator: kind === 'RATE' ? (measures.numerator ?? 0) : null,
    value: valueOf(kind, people, measures),
    suppressed: false,
    suppression: null,
  };
}

/**
 * The tables a query asked for (`by` and every margin of it), read from the publications, cells
 * of partners outside `visiblePartners` left out. A change is given only when both figures are.
 */
export function tablesFor(
  kind: SpecKind,
  by: readonly Dimension[],
  current: Publication,
  previous: Publication | null,
  visiblePartners: ReadonlySet<string> | 'ALL',
): FigureTable[] {
  return subsetsOf(by).map((subset) => {
    const id = tableId(subset);
    const keys = new Map<string, Array<{ dimension: string; value: string }>>();
    for (const publication of [current, previous]) {
      for (const cell of publication?.lattice.get(id)?.cells.values() ?? []) keys.set(cell.key, [...cell.values]);
    }
    if (!subset.length) keys.set('', []);
    const cells: FigureCell[] = [];
    for (const [key, values] of [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const partner = values.find((v) => v.dimension === 'PARTNER');
      if (partner && visiblePartners !== 'ALL' && !visiblePartners.has(partner.value)) continue;
      const now = figure(kind, current, id, key);
      const before = previous ? figure(kind, previous, id, key) : null;
      const change = before && now.value !== null && before.value !== null ? now.value - before.value : null;
      cells.push({ key, values, current: now, previous: before, change });
    }
    return { dimensions: subset, cells };
  });
}
