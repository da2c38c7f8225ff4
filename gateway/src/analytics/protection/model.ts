import type { Highs } from 'highs';
import type { SuppressionReason } from '../disclosure';
import { AttackerProgram, loadSolver, type LinearRow } from './solver';

/**
 * A publication as linear algebra, whatever it publishes (an indicator's cube, a funnel with its
 * handoffs): atoms are the true counts nobody outside the backbone reads directly (the people of
 * one finest cell, who stopped at one stage, who went from one partner to another), and every
 * figure is a sum of atoms. Plain data, so a worker thread can be handed one.
 */
export interface PublicationModel {
  /** Each atom's true count. */
  atoms: number[];
  cells: ModelCell[];
  /** Facts every reader knows from the definitions, e.g. that stage totals equal transition totals: Σ coefficient · atom = 0. */
  identities: Array<Array<[atom: number, coefficient: number]>>;
}

export interface ModelCell {
  /** The table the cell is in; complementary cells are picked from it first. */
  table: string;
  /** The cell within its table, by dimension: cells one value apart share a line. */
  values: Array<{ dimension: string; value: string }>;
  atoms: number[];
  /** Never hidden by this pass (its own protection decided it already, or it is not a count of people). */
  fixed?: boolean;
}

/** Someone who reads part of the publication and may know some atoms beforehand. */
export interface Attacker {
  name: string;
  /** Atoms it knows exactly (partner staff: its own partner's people). */
  known: number[];
  /** Cells it can read; 'ALL': every cell. */
  sees: number[] | 'ALL';
}

/** DISCLOSURE_PROTECTION's default: with k = 11, a hidden count of 1 could be anything from 1 to 4 or more. */
export const DEFAULT_PROTECTION = 3;

/** k and the protection level p (DISCLOSURE_MIN_CELL, DISCLOSURE_PROTECTION). */
export interface DisclosureRule {
  k: number;
  p: number;
}

/** Why cells are hidden, by cell index (absent: published). */
export type CellStatus = Map<number, SuppressionReason>;

/** Which end of a cell's interval is too narrow ('published': the cell is shown, so pinned). */
export type Side = 'high' | 'low' | 'published';

/** A small cell an attacker could narrow too far, and how far. */
export interface Exposure {
  attacker: string;
  cell: number;
  /** The interval the attacker can derive; equal ends mean the value is pinned. */
  low: number;
  high: number;
  truth: number;
}

export const cellCount = (model: PublicationModel, cell: number): number => model.cells[cell].atoms.reduce((sum, a) => sum + model.atoms[a], 0);

/** The part of a cell's people the attacker does not know (partner staff know their own). */
function unknownPart(model: PublicationModel, cell: number, known: ReadonlySet<number>): number {
  let sum = 0;
  for (const a of model.cells[cell].atoms) if (!known.has(a)) sum += model.atoms[a];
  return sum;
}

/**
 * The cells whose people an attacker must not be able to narrow down: cells it reads in which
 * 1 to k-1 people are not its own. For partner staff that includes a network cell of 500 people
 * of whom 495 are its own (the other five would be a published remainder).
 */
export function sensitiveCells(model: PublicationModel, attacker: Attacker, k: number): number[] {
  const known = new Set(attacker.known);
  const seen = attacker.sees === 'ALL' ? model.cells.map((_c, i) => i) : attacker.sees;
  return seen.filter((cell) => {
    const unknown = unknownPart(model, cell, known);
    return unknown >= 1 && unknown < k;
  });
}

/** What the attacker can derive, as a program over the atoms it does not know. */
export class AttackerView {
  private readonly known: Set<number>;
  private readonly column = new Map<number, number>();
  readonly program: AttackerProgram;
  /** Per row of `program`: the published cell it says, or null (a hidden cell's "not zero", an identity). */
  private readonly rowCells: Array<number | null> = [];
  /** Only what the pattern of hidden and empty cells and the definitions say (no published figure): the floor a value is compared with. */
  private readonly pattern: AttackerProgram;

  constructor(
    highs: Highs,
    private readonly model: PublicationModel,
    status: ReadonlyMap<number, unknown>,
    readonly attacker: Attacker,
  ) {
    // Atoms of nobody count as known: an attacker who knew every empty atom would be stronger
    // than any real one, so the check errs on the side of hiding.
    this.known = new Set(attacker.known);
    const seen = attacker.sees === 'ALL' ? model.cells.map((_c, i) => i) : attacker.sees;
    // A published cell of one atom the attacker does not know gives it that atom: a constant, not a column.
    for (const cell of seen) {
      if (status.has(cell)) continue;
      const open = model.cells[cell].atoms.filter((a) => !this.known.has(a));
      if (open.length === 1) this.known.add(open[0]);
    }
    model.atoms.forEach((truth, atom) => {
      if (truth === 0) this.known.add(atom);
      else if (!this.known.has(atom)) this.column.set(atom, this.column.size);
    });
    const rows: LinearRow[] = [];
    const patternRows: LinearRow[] = [];
    for (const cell of seen) {
      const { terms, knownPart } = this.split(model.cells[cell].atoms.map((a) => [a, 1] as const));
      if (!terms.length) continue;
      // A published figure is an equation; a hidden one still says "not zero" (zeros are shown).
      if (!status.has(cell)) {
        rows.push({ terms, low: cellCount(model, cell) - knownPart, high: cellCount(model, cell) - knownPart });
        this.rowCells.push(cell);
      } else if (knownPart < 1) {
        rows.push({ terms, low: 1 - knownPart, high: Infinity });
        this.rowCells.push(null);
      }
      if (status.has(cell) && knownPart < 1) patternRows.push({ terms, low: 1 - knownPart, high: Infinity });
    }
    for (const identity of model.identities) {
      const { terms, knownPart } = this.split(identity);
      if (terms.length) {
        rows.push({ terms, low: -knownPart, high: -knownPart });
        this.rowCells.push(null);
        // What the definitions say is part of the pattern too: a handoff's people are its stage cells'.
        patternRows.push({ terms, low: -knownPart, high: -knownPart });
      }
    }
    this.program = new AttackerProgram(highs, this.column.size, rows);
    this.pattern = new AttackerProgram(highs, this.column.size, patternRows);
  }

  /** Σ coefficient · atom as unknown terms plus what the attacker knows of it. */
  private split(atoms: ReadonlyArray<readonly [number, number]>): { terms: Array<[number, number]>; knownPart: number } {
    const terms: Array<[number, number]> = [];
    let knownPart = 0;
    for (const [atom, coefficient] of atoms) {
      const column = this.column.get(atom);
      if (column === undefined) knownPart += coefficient * this.model.atoms[atom];
      else terms.push([column, coefficient]);
    }
    return { terms, knownPart };
  }

  /**
   * The cells among `cells` whose interval does not meet the rule: a published one always fails
   * (it is pinned); a hidden one needs a solution of what the attacker knows that puts it p above
   * its true value, and one that puts it p below (or down to the smallest value the publication
   * allows: what the attacker's own people and the pattern of hidden and empty cells alone say;
   * zeros are shown, so a hidden cell over four non-empty hidden cells holds at least four people
   * whatever else is published). Every solution found is tried against the goals still open.
   */
  failing(cells: readonly number[], status: ReadonlyMap<number, unknown>, p: number): Map<number, Side> {
    const failed = new Map<number, Side>(cells.filter((cell) => !status.has(cell)).map((cell) => [cell, 'published']));
    type Goal = { cell: number; terms: Array<[number, number]>; side: 'high' | 'low'; goal: number };
    const goals: Goal[] = [];
    for (const cell of cells) {
      if (!status.has(cell)) continue;
      const { terms, knownPart } = this.split(this.model.cells[cell].atoms.map((a) => [a, 1] as const));
      const truth = cellCount(this.model, cell);
      goals.push({ cell, terms, side: 'high', goal: truth + p - knownPart });
      goals.push({ cell, terms, side: 'low', goal: Math.max(truth - p - knownPart, 0) });
    }
    const sum = (terms: ReadonlyArray<readonly [number, number]>, x: Float64Array) => terms.reduce((acc, [c, k]) => acc + k * x[c], 0);
    const meets = (g: Goal, x: Float64Array) => (g.side === 'high' ? sum(g.terms, x) >= g.goal - 1e-6 : sum(g.terms, x) <= g.goal + 1e-6);
    let open = goals;
    while (open.length) {
      const [goal, ...rest] = open;
      if (failed.has(goal.cell)) {
        open = rest;
        continue;
      }
      let x = goal.side === 'high' ? this.program.witness(goal.terms, goal.goal, Infinity) : this.program.witness(goal.terms, -Infinity, goal.goal);
      // The lower end may rest where the pattern of hidden and empty cells alone puts it.
      if (!x && goal.side === 'low') x = this.program.witness(goal.terms, -Infinity, Math.max(this.pattern.minimum(goal.terms), goal.goal));
      if (!x) {
        failed.set(goal.cell, goal.side);
        open = rest;
        continue;
      }
      const solution = x;
      open = rest.filter((g) => !meets(g, solution));
    }
    return failed;
  }

  /** The published cells that hold a cell's interval back on the side where it is too narrow. */
  binding(cell: number, side: Side, p: number): number[] {
    if (side === 'published') return [];
    const { terms, knownPart } = this.split(this.model.cells[cell].atoms.map((a) => [a, 1] as const));
    const truth = cellCount(this.model, cell);
    const rows =
      side === 'high'
        ? this.program.binding(terms, truth + p - knownPart, Infinity)
        : this.program.binding(terms, -Infinity, Math.max(truth - p - knownPart, this.pattern.minimum(terms)));
    return rows.flatMap((row) => (this.rowCells[row] === null ? [] : [this.rowCells[row]!]));
  }

  /** The attacker's tightest interval for a cell (for reports: two optimizations). */
  interval(cell: number, published: boolean): { low: number; high: number } {
    const truth = cellCount(this.model, cell);
    if (published) return { low: truth, high: truth };
    const { terms, knownPart } = this.split(this.model.cells[cell].atoms.map((a) => [a, 1] as const));
    const { low, high } = this.program.range(terms);
    return { low: low + knownPart, high: high + knownPart };
  }

  dispose(): void {
    this.program.dispose();
    this.pattern.dispose();
  }
}

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
        for (const [cell, side] of failed) {
          if (stuck.has(`${attacker.name}\u0000${cell}`)) continue;
          picks.push({ attacker, cell, pick: complement(model, decided, attacker, cell, view.binding(cell, side, rule.p)) });
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
