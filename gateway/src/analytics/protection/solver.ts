import loadHighs, { type Highs, type Model } from 'highs';

let loading: Promise<Highs> | null = null;

/** HiGHS (WebAssembly), compiled once per thread: each load would compile the binary again. */
export function loadSolver(): Promise<Highs> {
  loading ??= loadHighs();
  return loading;
}

/** Σ coefficient · unknown, bounded below and above (equal bounds: an equation). */
export interface LinearRow {
  terms: ReadonlyArray<readonly [unknown: number, coefficient: number]>;
  low: number;
  high: number;
}

/** A program that gives up after this long answers "not shown to be reachable": the check then errs towards hiding. */
const SOLVE_SECONDS = 20;

/**
 * What one attacker knows, as a linear program: non-negative unknowns (the counts it does not
 * know) and the rows it can read off published figures. The attacker's interval of a sum is
 * its smallest and largest value over the program, one optimisation per end.
 *
 * The attacker is the linear-programming one that tau-ARGUS and sdcTable audit against: its
 * interval is the LP's, rounded inwards to whole numbers (a count is whole). An integer program
 * could narrow some intervals further; it was tried and cost about 1 s per question on a
 * 380-cell cube against 5 to 10 ms for the LP, and most of them ended in no answer at all.
 *
 * Only the objective changes between questions, so the last optimal basis stays feasible and
 * the primal simplex goes on from it: on a 12 x 50,000 cube (1,170 unknowns, 2,746 rows) about
 * 2.5 ms a question, against 28 ms for HiGHS' default (dual simplex, which starts over after
 * every change of the rows), replaying a cube of the benchmark's 12 x 50,000 approval.
 */
export class AttackerProgram {
  private readonly model: Model;

  constructor(
    private readonly highs: Highs,
    private readonly unknowns: number,
    private readonly known: readonly LinearRow[],
  ) {
    this.model = highs.createModel();
    this.model.options.set({ output_flag: false, time_limit: SOLVE_SECONDS, simplex_strategy: PRIMAL_SIMPLEX });
    if (unknowns) this.model.addVars(new Float64Array(unknowns), new Float64Array(unknowns).fill(highs.infinity));
    for (const row of known) addRow(highs, this.model, row);
  }

  /**
   * The smallest or largest Σ terms over the program (±Infinity when unbounded; null when the
   * solver gave no answer in time), with a solution that attains it and the rows that hold it
   * there: the known rows with non-zero duals at the optimum, i.e. the published figures that,
   * hidden, would let the sum move further.
   */
  extreme(terms: ReadonlyArray<readonly [number, number]>, sense: 'minimize' | 'maximize'): Extreme | null {
    if (!terms.length) return { value: 0, solution: new Float64Array(this.unknowns), holding: [] };
    const costs = new Map<number, number>();
    for (const [c, coefficient] of terms) costs.set(c, (costs.get(c) ?? 0) + coefficient);
    const columns = [...costs.keys()].sort((a, b) => a - b);
    const { highs, model } = this;
    model.changeColsCost(
      { kind: 'set', indices: columns },
      columns.map((c) => costs.get(c)!),
    );
    model.changeObjectiveSense(highs.constants.objectiveSense[sense]);
    try {
      model.run();
      let status = model.getModelStatus();
      const { optimal, unbounded, unboundedOrInfeasible } = highs.constants.modelStatus;
      if (status !== optimal && status !== unbounded) {
        // A warm start can end undecided: solve once more from scratch.
        model.clearSolver();
        model.run();
        status = model.getModelStatus();
      }
      // The true counts satisfy every row, so "infeasible or unbounded" is unbounded.
      if (status === unbounded || status === unboundedOrInfeasible) {
        return { value: sense === 'maximize' ? Infinity : -Infinity, solution: null, holding: [] };
      }
      if (status !== optimal) return null;
      const { colValue, rowDual } = model.getSolution();
      const holding: number[] = [];
      for (let row = 0; row < this.known.length; row++) if (Math.abs(rowDual[row]) > 1e-9) holding.push(row);
      return { value: Math.round(model.getObjectiveValue() * 1e6) / 1e6, solution: colValue, holding };
    } finally {
      model.changeColsCost(
        { kind: 'set', indices: columns },
        columns.map(() => 0),
      );
      model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
    }
  }

  /**
   * The attacker's interval of Σ terms, rounded inwards to whole numbers (±Infinity when
   * unbounded): for reports. A question the solver could not answer in time reads as the widest.
   */
  range(terms: ReadonlyArray<readonly [number, number]>): { low: number; high: number } {
    const low = this.extreme(terms, 'minimize')?.value ?? -Infinity;
    const high = this.extreme(terms, 'maximize')?.value ?? Infinity;
    return { low: Math.ceil(low - 1e-6), high: Math.floor(high + 1e-6) };
  }

  /** The largest Σ terms, rounded down to a whole number (Infinity when unbounded or the solver gave no answer in time). */
  maximum(terms: ReadonlyArray<readonly [number, number]>): number {
    const high = this.extreme(terms, 'maximize')?.value ?? Infinity;
    return Math.floor(high + 1e-6);
  }

  /** The smallest Σ terms, rounded up to a whole number (0 when the solver gave no answer in time). */
  minimum(terms: ReadonlyArray<readonly [number, number]>): number {
    const low = this.extreme(terms, 'minimize')?.value ?? 0;
    return Math.ceil(low - 1e-6);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** One end of an interval: its value, a solution that attains it, and the rows holding it there. */
export interface Extreme {
  value: number;
  /** Values of the unknowns at the optimum (null when unbounded). */
  solution: Float64Array | null;
  /** Indices of the known rows with non-zero duals. */
  holding: number[];
}

/** HiGHS' simplex_strategy for the primal simplex. */
const PRIMAL_SIMPLEX = 4;

function addRow(highs: Highs, model: Model, row: LinearRow): void {
  const merged = new Map<number, number>();
  for (const [unknown, coefficient] of row.terms) merged.set(unknown, (merged.get(unknown) ?? 0) + coefficient);
  const sorted = [...merged].filter(([, c]) => c !== 0).sort(([a], [b]) => a - b);
  const low = row.low === -Infinity ? -highs.infinity : row.low;
  const high = row.high === Infinity ? highs.infinity : row.high;
  model.addRow(low, high, { indices: sorted.map(([i]) => i), values: sorted.map(([, c]) => c) });
}
