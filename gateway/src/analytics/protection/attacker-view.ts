import type { Highs } from 'highs';
import { cellCount, type Attacker, type PublicationModel, type Side } from './model';

/** Why a cell fails the rule for one attacker: the end of its interval that is too narrow, and the published cells holding that end. */
export interface Failure {
  side: Side;
  holding: number[];
}
import { AttackerProgram, type LinearRow } from './solver';

/** Σ coefficient · atom over a program's columns, plus the part that is a constant there. */
interface Split {
  terms: Array<[number, number]>;
  knownPart: number;
}

/**
 * A set of atoms as the columns of a program: those it does not hold as constants. `split`
 * turns a sum of atoms into terms over the columns and the constant part.
 */
class Columns {
  private readonly index = new Map<number, number>();

  constructor(
    private readonly model: PublicationModel,
    constant: (atom: number) => boolean,
  ) {
    model.atoms.forEach((_truth, atom) => {
      if (!constant(atom)) this.index.set(atom, this.index.size);
    });
  }

  get size(): number {
    return this.index.size;
  }

  split(atoms: ReadonlyArray<readonly [number, number]>): Split {
    const terms: Array<[number, number]> = [];
    let knownPart = 0;
    for (const [atom, coefficient] of atoms) {
      const column = this.index.get(atom);
      if (column === undefined) knownPart += coefficient * this.model.atoms[atom];
      else terms.push([column, coefficient]);
    }
    return { terms, knownPart };
  }
}

/**
 * What the attacker can derive, as a program over the atoms it does not know, and what it knew
 * before reading anything (the pattern): its own people, the definitions, and which cells are
 * hidden and which empty, with no published count. A narrow end of an interval is excused only
 * where the pattern alone already puts it.
 */
export class AttackerView {
  /** Columns of `program`: the atoms the attacker does not know, less those a published cell of one atom gives it and the empty ones. */
  private readonly columns: Columns;
  readonly program: AttackerProgram;
  /** Per row of `program`: the published cell it says, or null (a hidden cell's "not zero", an identity). */
  private readonly rowCells: Array<number | null> = [];
  /** Columns of `pattern`: every atom but the attacker's own. */
  private readonly patternColumns: Columns;
  private readonly pattern: AttackerProgram;

  constructor(
    highs: Highs,
    private readonly model: PublicationModel,
    status: ReadonlyMap<number, unknown>,
    readonly attacker: Attacker,
  ) {
    const own = new Set(attacker.known);
    const seen = attacker.sees === 'ALL' ? model.cells.map((_c, i) => i) : attacker.sees;
    // What it can derive: a published cell of one atom gives it that atom (a constant, not a
    // column), and atoms of nobody count as known: an attacker who knew every empty atom would
    // be stronger than any real one, so the check errs on the side of hiding.
    const derived = new Set(own);
    for (const cell of seen) {
      if (status.has(cell)) continue;
      const open = model.cells[cell].atoms.filter((a) => !derived.has(a));
      if (open.length === 1) derived.add(open[0]);
    }
    this.columns = new Columns(model, (atom) => derived.has(atom) || model.atoms[atom] === 0);
    // The pattern holds no published count, not even one cell's, and no empty atom as known:
    // what the attacker knew alone is never overstated.
    this.patternColumns = new Columns(model, (atom) => own.has(atom));
    const rows: LinearRow[] = [];
    const patternRows: LinearRow[] = [];
    for (const cell of seen) {
      const atoms = model.cells[cell].atoms.map((a) => [a, 1] as const);
      const { terms, knownPart } = this.columns.split(atoms);
      // A published figure is an equation; a hidden one still says "not zero" (zeros are shown).
      if (terms.length && !status.has(cell)) {
        rows.push({ terms, low: cellCount(model, cell) - knownPart, high: cellCount(model, cell) - knownPart });
        this.rowCells.push(cell);
      } else if (terms.length && knownPart < 1) {
        rows.push({ terms, low: 1 - knownPart, high: Infinity });
        this.rowCells.push(null);
      }
      const before = this.patternColumns.split(atoms);
      if (status.has(cell) && before.terms.length && before.knownPart < 1) patternRows.push({ terms: before.terms, low: 1 - before.knownPart, high: Infinity });
    }
    for (const identity of model.identities) {
      const { terms, knownPart } = this.columns.split(identity);
      if (terms.length) {
        rows.push({ terms, low: -knownPart, high: -knownPart });
        this.rowCells.push(null);
      }
      // What the definitions say is part of the pattern too: a handoff's people are its stage cells'.
      const before = this.patternColumns.split(identity);
      if (before.terms.length) patternRows.push({ terms: before.terms, low: -before.knownPart, high: -before.knownPart });
    }
    this.program = new AttackerProgram(highs, this.columns.size, rows);
    this.pattern = new AttackerProgram(highs, this.patternColumns.size, patternRows);
  }

  /** The least and the most a cell can hold by the pattern alone (what the attacker knew before reading). */
  private before(cell: number, side: 'high' | 'low'): number {
    const { terms, knownPart } = this.patternColumns.split(this.model.cells[cell].atoms.map((a) => [a, 1] as const));
    return (side === 'high' ? this.pattern.maximum(terms) : this.pattern.minimum(terms)) + knownPart;
  }

  /**
   * The cells among `cells` whose interval does not meet the rule, with the side that is too
   * narrow and the published cells holding it there: a published one always fails (it is
   * pinned); a hidden one must be able to reach p above its true value (or up to the largest
   * value the publication allows), and p below (or down to the smallest it allows: what the
   * attacker's own people, the definitions and the pattern of hidden and empty cells alone say;
   * zeros are shown, so a hidden cell over four non-empty hidden cells holds at least four
   * people whatever else is published). Each end is one optimisation; every optimum found is
   * tried against the goals still open, which spares many of them their own.
   */
  failing(cells: readonly number[], status: ReadonlyMap<number, unknown>, p: number): Map<number, Failure> {
    const failed = new Map<number, Failure>(cells.filter((cell) => !status.has(cell)).map((cell) => [cell, { side: 'published', holding: [] }]));
    type Goal = { cell: number; terms: Array<[number, number]>; knownPart: number; side: 'high' | 'low'; goal: number };
    const goals: Goal[] = [];
    for (const cell of cells) {
      if (!status.has(cell)) continue;
      const { terms, knownPart } = this.columns.split(this.model.cells[cell].atoms.map((a) => [a, 1] as const));
      const truth = cellCount(this.model, cell);
      goals.push({ cell, terms, knownPart, side: 'high', goal: truth + p - knownPart });
      goals.push({ cell, terms, knownPart, side: 'low', goal: Math.max(truth - p - knownPart, 0) });
    }
    const sum = (terms: ReadonlyArray<readonly [number, number]>, x: Float64Array) => terms.reduce((acc, [c, k]) => acc + k * x[c], 0);
    const meets = (g: Goal, x: Float64Array) => (g.side === 'high' ? sum(g.terms, x) >= g.goal - 1e-6 : sum(g.terms, x) <= g.goal + 1e-6);
    // Upper ends first: a solution that lifts one cell tends to lift its neighbours too (about 15% fewer optimisations on a 12 x 50,000 cube than cell by cell).
    const open = [...goals.filter((g) => g.side === 'high'), ...goals.filter((g) => g.side === 'low')];
    const met = new Set<Goal>();
    for (let i = 0; i < open.length; i++) {
      const goal = open[i];
      if (met.has(goal) || failed.has(goal.cell)) continue;
      const end = this.program.extreme(goal.terms, goal.side === 'high' ? 'maximize' : 'minimize');
      // No answer in time: not shown to be reachable, so the check errs towards hiding.
      const reached =
        end !== null &&
        // Either end may rest where what the attacker knew before reading puts it: its own people,
        // the pattern of hidden and empty cells and the definitions (staff who know every handoff
        // into their partner know how many people it trained, whatever is published).
        (goal.side === 'high'
          ? end.value >= goal.goal - 1e-6 || end.value + goal.knownPart >= this.before(goal.cell, 'high') - 1e-6
          : end.value <= goal.goal + 1e-6 || end.value + goal.knownPart <= this.before(goal.cell, 'low') + 1e-6);
      if (!reached) {
        const holding = (end?.holding ?? []).flatMap((row) => (this.rowCells[row] === null ? [] : [this.rowCells[row]!]));
        failed.set(goal.cell, { side: goal.side, holding });
        continue;
      }
      const solution = end.solution;
      if (solution) for (let j = i + 1; j < open.length; j++) if (!met.has(open[j]) && meets(open[j], solution)) met.add(open[j]);
    }
    return failed;
  }

  /** The attacker's tightest interval for a cell (for reports: two optimizations). */
  interval(cell: number, published: boolean): { low: number; high: number } {
    const truth = cellCount(this.model, cell);
    if (published) return { low: truth, high: truth };
    const { terms, knownPart } = this.columns.split(this.model.cells[cell].atoms.map((a) => [a, 1] as const));
    const { low, high } = this.program.range(terms);
    return { low: low + knownPart, high: high + knownPart };
  }

  dispose(): void {
    this.program.dispose();
    this.pattern.dispose();
  }
}
