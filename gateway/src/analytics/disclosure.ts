import { cellKey, type CellValues } from '@coalition/shared';
import { project, subsetsOf, tableId, type LatticeTable } from './lattice';
import { RowSpace } from './span';

/**
 * Why a cell is hidden (the backbone's view; other roles are told PROTECTED or TABLE_WITHHELD
 * only, since "small" would tell them the value is below k). PARTNER_REMAINDER: all but 1 to
 * k-1 of the cell's people are at one partner, whose staff could subtract their own.
 */
export type SuppressionReason = 'SMALL_CELL' | 'COMPLEMENTARY' | 'TABLE_WITHHELD' | 'PARTNER_REMAINDER';

/**
 * What a reader is told about a hidden cell. Not whether it is small: "1 to k-1" is a bound an
 * attacker could use, and the protection rule asks that a hidden count could be k-1+p as well.
 */
export type ShownReason = 'PROTECTED' | 'TABLE_WITHHELD';

export const shownReason = (reason: SuppressionReason): ShownReason => (reason === 'TABLE_WITHHELD' ? 'TABLE_WITHHELD' : 'PROTECTED');

/** table id -> cell key -> why it is suppressed (absent: published). */
export type Suppressions = Map<string, Map<string, SuppressionReason>>;

/** Above this many non-empty finest cells the exact check is too slow: tables are withheld instead. */
export const MAX_FINEST_CELLS = 4000;

/**
 * Cell suppression over a whole cube: the table by all its dimensions and every margin of it,
 * decided once, jointly, so that anything published from the cube (any query, any margin, any
 * number of queries) is part of one publication checked as a whole.
 *
 * Tables are decided one after another, smallest first. In each: cells counting 1 to k-1 are
 * suppressed (SMALL_CELL); then, until no suppressed cell of this or an earlier table, and no
 * small cell of a table still to come, can be computed exactly from everything published so far (as a linear combination of published
 * cells, treating every zero cell as known), more cells of this table are suppressed
 * (COMPLEMENTARY), smallest first. A table that cannot be protected with its own cells is
 * withheld (TABLE_WITHHELD: every non-empty cell hidden). So after each table the publication
 * is safe, and so is the whole. Complementary cells that turn out to be derivable anyway are
 * published again: hiding them protects nothing.
 */
export function suppress<M>(
  lattice: Map<string, LatticeTable<M>>,
  dimensions: readonly string[],
  k: number,
  /** The lattice key of a cell's values: how the lattice was keyed (a worker thread is given the main thread's keys). */
  keyOf: (values: CellValues) => string = cellKey,
): Suppressions {
  const finest = [...lattice.get(tableId(dimensions))!.cells.values()].filter((c) => c.count > 0);
  const index = new Map(finest.map((cell, i) => [cell.key, i]));
  const subsets = subsetsOf(dimensions);
  // For every table: cell key -> the finest cells in it (only non-empty ones are unknowns).
  const members = new Map<string, Map<string, number[]>>(subsets.map((s) => [tableId(s), new Map()]));
  for (const cell of finest) {
    for (const subset of subsets) {
      const key = keyOf(project(cell.values, subset));
      const byKey = members.get(tableId(subset))!;
      byKey.set(key, [...(byKey.get(key) ?? []), index.get(cell.key)!]);
    }
  }
  // Small cells are small whatever is decided: they are protected from the start, in every table.
  const small = new Map(
    subsets.map((s) => [tableId(s), [...lattice.get(tableId(s))!.cells.values()].filter((c) => c.count > 0 && c.count < k).map((c) => c.key)]),
  );
  const decided: Suppressions = new Map();
  const tooLarge = finest.length > MAX_FINEST_CELLS;
  let published = new RowSpace(finest.length);
  for (const subset of subsets) {
    const id = tableId(subset);
    const table = lattice.get(id)!;
    const pending = subsets.filter((s) => !decided.has(tableId(s)) && tableId(s) !== id).map((s) => [tableId(s), small.get(tableId(s))!] as const);
    const status = tooLarge && subset.length ? withhold(table) : protectTable(lattice, subset, k, members, decided, pending, published, keyOf);
    decided.set(id, status);
    published = published.clone();
    for (const [key, ones] of members.get(id)!) if (!status.has(key)) published.add(ones);
  }
  // A hidden cell that later tables made derivable protects nothing: publish it. Small cells never
  // are derivable (each table kept them safe), and publishing derivable values adds no information.
  for (const [id, statuses] of decided) {
    for (const [key, reason] of statuses) {
      if (reason !== 'SMALL_CELL' && published.contains(members.get(id)!.get(key)!)) statuses.delete(key);
    }
  }
  return decided;
}

/** A hidden cell to keep hidden: one of the table being decided (`own`), or of another table. */
interface Target {
  own: boolean;
  key: string;
  values: CellValues;
}

function protectTable<M>(
  lattice: Map<string, LatticeTable<M>>,
  dims: readonly string[],
  k: number,
  members: Map<string, Map<string, number[]>>,
  decided: Suppressions,
  pending: ReadonlyArray<readonly [string, readonly string[]]>,
  before: RowSpace,
  keyOf: (values: CellValues) => string,
): Map<string, SuppressionReason> {
  const table = lattice.get(tableId(dims))!;
  const status = new Map<string, SuppressionReason>();
  const cells = [...table.cells.values()].filter((c) => c.count > 0);
  for (const cell of cells) if (cell.count < k) status.set(cell.key, 'SMALL_CELL');
  const own = members.get(tableId(dims))!;
  const count = new Map(cells.map((c) => [c.key, c.count]));
  const bySize = (a: string, b: string) => count.get(a)! - count.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  lineHeuristic(table, dims, status, decided, bySize, keyOf);

  // Cells published again because they were derivable anyway are never picked again.
  const released = new Set<string>();
  for (let round = 0; round <= cells.length; round++) {
    const space = before.clone();
    for (const cell of cells) if (!status.has(cell.key)) space.add(own.get(cell.key)!);
    const recoverable: Target[] = [];
    for (const key of status.keys()) {
      if (space.contains(own.get(key)!)) recoverable.push({ own: true, key, values: table.cells.get(key)!.values });
    }
    // Targets elsewhere: what earlier tables hide, and the small cells of tables still to come.
    const elsewhere = [...[...decided].map(([id, statuses]) => [id, [...statuses.keys()]] as const), ...pending];
    for (const [id, keys] of elsewhere) {
      for (const key of keys) {
        if (space.contains(members.get(id)!.get(key)!)) recoverable.push({ own: false, key, values: lattice.get(id)!.cells.get(key)!.values });
      }
    }
    if (!recoverable.length) return status;
    let changed = false;
    for (const target of recoverable) {
      if (target.own && status.get(target.key) === 'COMPLEMENTARY') {
        status.delete(target.key);
        released.add(target.key);
        changed = true;
        continue;
      }
      // Hide one more published cell of this table that overlaps the target, or shares a line with it.
      const candidates = cells.filter((cell) => !status.has(cell.key) && !released.has(cell.key) && related(cell.values, target));
      const pick = candidates.map((c) => c.key).sort(bySize)[0];
      if (pick !== undefined) {
        status.set(pick, 'COMPLEMENTARY');
        changed = true;
      }
    }
    if (!changed) break;
  }
  return withhold(table);
}

function withhold<M>(table: LatticeTable<M>): Map<string, SuppressionReason> {
  const status = new Map<string, SuppressionReason>();
  for (const cell of table.cells.values()) if (cell.count > 0) status.set(cell.key, 'TABLE_WITHHELD');
  return status;
}

/** A cell of this table is related to a target in it when they share a line, and to a target elsewhere when they overlap. */
function related(values: CellValues, target: Target): boolean {
  if (target.own) return values.filter((v, i) => v.value !== target.values[i].value).length === 1;
  return values.every((v) => target.values.every((t) => t.dimension !== v.dimension || t.value === v.value));
}

/**
 * The classic first pass: in every line (the cells of a margin cell along one dimension, and the
 * margin cell itself), one unknown alone can be computed, so a second one is hidden.
 */
function lineHeuristic<M>(
  table: LatticeTable<M>,
  dims: readonly string[],
  status: Map<string, SuppressionReason>,
  decided: Suppressions,
  bySize: (a: string, b: string) => number,
  keyOf: (values: CellValues) => string,
): void {
  const keys = [...table.cells.values()].filter((c) => c.count > 0);
  for (let pass = 0, changed = true; changed && pass < keys.length; pass++) {
    changed = false;
    for (const dim of dims) {
      const parentDims = dims.filter((d) => d !== dim);
      const lines = new Map<string, string[]>();
      for (const cell of keys) {
        const parent = keyOf(project(cell.values, parentDims));
        lines.set(parent, [...(lines.get(parent) ?? []), cell.key]);
      }
      const parentStatus = decided.get(tableId(parentDims))!;
      for (const [parentKey, line] of lines) {
        const unknowns = (parentStatus.has(parentKey) ? 1 : 0) + line.filter((key) => status.has(key)).length;
        if (unknowns !== 1) continue;
        const pick = line.filter((key) => !status.has(key)).sort(bySize)[0];
        if (pick !== undefined) {
          status.set(pick, 'COMPLEMENTARY');
          changed = true;
        }
      }
    }
  }
}
