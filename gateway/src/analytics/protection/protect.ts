import { AttackerView } from './attacker-view';
import { cellCount, sensitiveCells, type Attacker, type CellStatus, type DisclosureRule, type Exposure, type ModelCell, type PublicationModel } from './model';
import { loadSolver } from './solver';

/** Every sensitive cell each attacker could narrow further than the rule allows, with its interval. */
export async function auditModel(model: PublicationModel, status: CellStatus, attackers: readonly Attacker[], rule: DisclosureRule): Promise<Exposure[]> {
  const highs = await loadSolver();
  const exposures: Exposure[] = [];
  for (const attacker of attackers) {
    const view = new AttackerView(highs, model, status, attacker);
    try {
      for (const cell of view.failing(sensitiveCells(model, attacker, rule.k), status, rule.p).keys()) {
        exposures.push({ attacker: attacker.name, cell, truth: cellCount(model, cell), ...view.interval(cell, !status.has(cell)) });
      }
    } finally {
      view.dispose();
    }
  }
  return exposures;
}

/** Whether two cells of one table share a line: they differ in exactly one dimension's value. */
function shareLine(a: ModelCell, b: ModelCell): boolean {
  let differ = 0;
  for (const v of a.values) if (b.values.find((w) => w.dimension === v.dimension)?.value !== v.value) differ++;
  return differ === 1;
}

/**
 * One more cell to hide for an exposed cell: itself when it is published (a remainder staff could
 * subtract), else a published cell the attacker reads: one of those that hold its interval back
 * (non-zero duals at the attacker's optimum), else one as close to it as possible (same line,
 * same table, then any figure over some of its people); the smallest first in each.
 */
function complement(model: PublicationModel, status: CellStatus, attacker: Attacker, cell: number, binding: readonly number[]): number | null {
  if (!status.has(cell)) return model.cells[cell].fixed ? null : cell;
  const target = model.cells[cell];
  const seen = attacker.sees === 'ALL' ? null : new Set(attacker.sees);
  const open = model.cells
    .map((c, i) => ({ c, i, count: cellCount(model, i) }))
    .filter(({ c, i, count }) => !status.has(i) && !c.fixed && count > 0 && (!seen || seen.has(i)));
  const atoms = new Set(target.atoms);
  const holding = new Set(binding);
  const tiers = [
    open.filter(({ i }) => holding.has(i)),
    open.filter(({ c }) => c.table === target.table && shareLine(c, target)),
    open.filter(({ c }) => c.table === target.table),
    open.filter(({ c }) => c.atoms.some((a) => atoms.has(a))),
  ];
  for (const tier of tiers) {
    const pick = tier.sort((a, b) => a.count - b.count || a.i - b.i)[0];
    if (pick) return pick.i;
  }
  return null;
}

/**
 * The cheap part of the rule, decided before any linear program: a hidden small cell can only
 * rise by p in a line whose total is published if the other hidden cells of that line can give p
 * people up between them (each keeps at least one). Lines are the cells of a table that differ
 * from it in one dimension; their total is the cell of the table without that dimension. Where
 * they cannot, the smallest published cell of the line is hidden too. The interval pass then
 * checks everything; this pass only spares it most of its rounds (on the demo's cube: most
 * exposures of the first round are such lines).
 */
function lineCapacity(model: PublicationModel, status: CellStatus, rule: DisclosureRule): void {
  const dims = (cell: ModelCell) => cell.values.map((v) => v.dimension);
  const prefix = (table: string) => table.slice(0, table.lastIndexOf(':') + 1);
  const signature = (cell: ModelCell, without: string) =>
    cell.values
      .filter((v) => v.dimension !== without)
      .map((v) => `${v.dimension}=${v.value}`)
      .join('|');
  const byTable = new Map<string, number>();
  const lines = new Map<string, number[]>();
  model.cells.forEach((cell, i) => {
    byTable.set(`${cell.table}#${signature(cell, '')}`, i);
    for (const d of dims(cell)) {
      const key = `${cell.table}#${d}#${signature(cell, d)}`;
      lines.set(key, [...(lines.get(key) ?? []), i]);
    }
  });
  const count = model.cells.map((_c, i) => cellCount(model, i));
  for (let changed = true, pass = 0; changed && pass < model.cells.length; pass++) {
    changed = false;
    model.cells.forEach((cell, i) => {
      if (!status.has(i) || count[i] < 1 || count[i] >= rule.k) return;
      for (const d of dims(cell)) {
        const parentTable =
          prefix(cell.table) +
          dims(cell)
            .filter((x) => x !== d)
            .join(',');
        const total = byTable.get(`${parentTable}#${signature(cell, d)}`);
        if (total === undefined || status.has(total)) continue;
        const line = lines.get(`${cell.table}#${d}#${signature(cell, d)}`)!.filter((o) => o !== i);
        let capacity = line.filter((o) => status.has(o)).reduce((sum, o) => sum + count[o] - 1, 0);
        const open = line.filter((o) => !status.has(o) && !model.cells[o].fixed && count[o] > 1).sort((a, b) => count[a] - count[b] || a - b);
        while (capacity < rule.p && open.length) {
          const pick = open.shift()!;
          status.set(pick, 'COMPLEMENTARY');
          capacity += count[pick] - 1;
          changed = true;
        }
      }
    });
  }
}

/**
 * Hides more cells until every attacker's interval for every sensitive cell meets the rule.
 * Hiding a cell only ever widens intervals (an equation becomes "not zero"), so cells that pass
 * are never checked again. When nothing near an exposed cell is left to hide, its table is
 * withheld whole; what still cannot be protected is returned (for a release: a failed audit).
 */
export async function protectIntervals(
  model: PublicationModel,
  status: CellStatus,
  attackers: readonly Attacker[],
  rule: DisclosureRule,
  /** Rounds of hiding before giving up (what is still exposed is returned); default: until nothing changes. */
  maxRounds = model.cells.length,
): Promise<{ status: CellStatus; unprotected: Array<{ attacker: string; cell: number }> }> {
  const highs = await loadSolver();
  const decided: CellStatus = new Map(status);
  lineCapacity(model, decided, rule);
  const pending = new Map(attackers.map((a) => [a, sensitiveCells(model, a, rule.k)]));
  const stuck = new Set<string>();
  for (let round = 0; round < maxRounds; round++) {
    // Per attacker: what fails, and for each failure the cell to hide (chosen while its view is open).
    const picks: Array<{ attacker: Attacker; cell: number; pick: number | null }> = [];
    for (const [attacker, cells] of pending) {
      if (!cells.length) continue;
      const view = new AttackerView(highs, model, decided, attacker);
      try {
        const failed = view.failing(cells, decided, rule.p);
        pending.set(attacker, [...failed.keys()]);
        for (const [cell, { holding }] of failed) {
          if (stuck.has(`${attacker.name}\u0000${cell}`)) continue;
          picks.push({ attacker, cell, pick: complement(model, decided, attacker, cell, holding) });
        }
      } finally {
        view.dispose();
      }
    }
    let changed = false;
    for (const { attacker, cell, pick } of picks) {
      if (pick === cell) {
        if (!decided.has(cell)) decided.set(cell, cellCount(model, cell) < rule.k ? 'SMALL_CELL' : 'PARTNER_REMAINDER');
        changed = true;
      } else if (pick !== null) {
        if (!decided.has(pick)) decided.set(pick, 'COMPLEMENTARY');
        changed = true;
      } else if (withholdTable(model, decided, model.cells[cell].table)) {
        changed = true;
      } else {
        stuck.add(`${attacker.name}\u0000${cell}`);
      }
    }
    if (!changed) break;
  }
  // Out of rounds while still hiding, what failed last is reported (the last cells hidden may have protected some of it).
  return { status: decided, unprotected: attackers.flatMap((a) => pending.get(a)!.map((cell) => ({ attacker: a.name, cell }))) };
}

/** Hides every non-empty cell of a table that is not yet hidden; false when there was none. */
function withholdTable(model: PublicationModel, status: CellStatus, table: string): boolean {
  let changed = false;
  model.cells.forEach((cell, i) => {
    if (cell.table === table && !cell.fixed && !status.has(i) && cellCount(model, i) > 0) {
      status.set(i, 'TABLE_WITHHELD');
      changed = true;
    }
  });
  return changed;
}
