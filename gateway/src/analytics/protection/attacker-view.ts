import type { Highs } from 'highs';
import { cellCount, type Attacker, type PublicationModel, type Side } from './model';
import { AttackerProgram, type LinearRow } from './solver';

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
