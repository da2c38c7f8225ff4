import { cellKey } from '@coalition/shared';

/**
 * A query's tables: the cells by every subset of its dimensions (the requested table, its
 * margins, the grand total), summed from the finest cells after the partners' cells merge.
 */
export interface LatticeCell<M> {
  key: string;
  values: ReadonlyArray<{ dimension: string; value: string }>;
  /** People (or records) in the cell: what disclosure control looks at. */
  count: number;
  measures: M;
}

export interface LatticeTable<M> {
  dimensions: readonly string[];
  /** Non-empty cells by key; a cell not here is a zero everyone can see. */
  cells: Map<string, LatticeCell<M>>;
}

export const tableId = (dimensions: readonly string[]) => dimensions.join(',');

/** Every subset of `dimensions` (kept in their order), smallest first; ties in a fixed order. */
export function subsetsOf<D extends string>(dimensions: readonly D[]): D[][] {
  const subsets: D[][] = [];
  for (let mask = 0; mask < 1 << dimensions.length; mask++) subsets.push(dimensions.filter((_d, i) => mask & (1 << i)));
  return subsets.sort((a, b) => a.length - b.length || tableId(a).localeCompare(tableId(b)));
}

/** The cell of `table` that a finer cell falls in. */
export function project(values: ReadonlyArray<{ dimension: string; value: string }>, dimensions: readonly string[]) {
  return values.filter((v) => dimensions.includes(v.dimension));
}

/** Sums the finest cells into every table of the lattice, with `add` merging measures. */
export function buildLattice<M>(
  dimensions: readonly string[],
  finest: Iterable<LatticeCell<M>>,
  add: (into: M | undefined, from: M) => M,
): Map<string, LatticeTable<M>> {
  const tables = new Map<string, LatticeTable<M>>();
  const subsets = subsetsOf(dimensions);
  for (const subset of subsets) tables.set(tableId(subset), { dimensions: subset, cells: new Map() });
  for (const cell of finest) {
    for (const subset of subsets) {
      const values = project(cell.values, subset);
      const key = cellKey(values);
      const cells = tables.get(tableId(subset))!.cells;
      const existing = cells.get(key);
      cells.set(key, { key, values, count: (existing?.count ?? 0) + cell.count, measures: add(existing?.measures, cell.measures) });
    }
  }
  return tables;
}
