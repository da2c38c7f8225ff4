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
 * know) and the rows it can read off published figures. `witness` finds a solution that puts a
 * sum within a range: whether one exists is the attacker's interval, one end at a time.
 *
 * The attacker is the linear-programming one that tau-ARGUS and sdcTable audit against: its
 * interval is the LP's, rounded inwards to whole numbers (a count is whole). An integer program
 * could narrow some intervals further; it was tried and cost about 1 s per question on a
 * 380-cell cube against 5 to 10 ms for the LP, and most of them ended in no answer at all.
 * The program is kept warm between questions (dual simplex from the last basis).
 */
export class AttackerProgram {
  private readonly model: Model;

  constructor(
    private readonly highs: Highs,
    private readonly unknowns: number,
    private readonly known: readonly LinearRow[],
  ) {
    this.model = highs.createModel();
    this.model.options.set({ output_flag: false, time_limit: SOLVE_SECONDS });
    if (unknowns) this.model.addVars(new Float64Array(unknowns), new Float64Array(unknowns).fill(highs.infinity));
    for (const row of known) addRow(highs, this.model, row);
  }

  /** A solution of every known row with Σ terms within [low, high], or null when there is none. */
  witness(terms: ReadonlyArray<readonly [number, number]>, low: number, high: number): Float64Array | null {
    if (!terms.length) return low <= 0 && 0 <= high ? new Float64Array(this.unknowns) : null;
    addRow(this.highs, this.model, { terms, low, high });
    try {
      this.model.run();
      if (this.model.info.get('primal_solution_status') !== 2) return null;
      return this.model.getSolution().colValue;
    } finally {
      this.model.deleteRows({ kind: 'range', from: this.known.length, to: this.known.length });
    }
  }

  /**
   * The attacker's interval of Σ terms, rounded inwards to whole numbers (±Infinity when
   * unbounded): for reports.
   */
  range(terms: ReadonlyArray<readonly [number, number]>): { low: number; high: number } {
    if (!terms.length) return { low: 0, high: 0 };
    const low = optimum(this.highs, this.model, terms, 'minimize');
    const high = optimum(this.highs, this.model, terms, 'maximize');
    return { low: Math.ceil(low - 1e-6), high: Math.floor(high + 1e-6) };
  }

  /**
   * Why Σ terms cannot reach [low, high]: the known rows of the infeasibility certificate (a dual
   * ray; rows with non-zero multipliers). They are the published figures to hide first when a
   * cell's interval is too narrow. Empty when the range is reachable.
   */
  binding(terms: ReadonlyArray<readonly [number, number]>, low: number, high: number): number[] {
    if (!terms.length) return [];
    addRow(this.highs, this.model, { terms, low, high });
    try {
      this.model.run();
      if (this.model.getModelStatus() !== this.highs.constants.modelStatus.infeasible) return [];
      const ray = this.model.getDualRay();
      if (!ray) return [];
      const rows: number[] = [];
      for (let row = 0; row < this.known.length; row++) if (Math.abs(ray.values[row]) > 1e-9) rows.push(row);
      return rows;
    } finally {
      this.model.deleteRows({ kind: 'range', from: this.known.length, to: this.known.length });
    }
  }

  /** The smallest Σ terms, rounded up to a whole number. */
  minimum(terms: ReadonlyArray<readonly [number, number]>): number {
    if (!terms.length) return 0;
    return Math.ceil(optimum(this.highs, this.model, terms, 'minimize') - 1e-6);
  }

  dispose(): void {
    this.model.dispose();
  }
}

function addRow(highs: Highs, model: Model, row: LinearRow): void {
  const merged = new Map<number, number>();
  for (const [unknown, coefficient] of row.terms) merged.set(unknown, (merged.get(unknown) ?? 0) + coefficient);
  const sorted = [...merged].filter(([, c]) => c !== 0).sort(([a], [b]) => a - b);
  const low = row.low === -Infinity ? -highs.infinity : row.low;
  const high = row.high === Infinity ? highs.infinity : row.high;
  model.addRow(low, high, { indices: sorted.map(([i]) => i), values: sorted.map(([, c]) => c) });
}

/** Optimizes Σ terms over the model's rows, leaving its objective at zero again. */
function optimum(highs: Highs, model: Model, terms: ReadonlyArray<readonly [number, number]>, sense: 'minimize' | 'maximize'): number {
  const costs = new Map<number, number>();
  for (const [c, coefficient] of terms) costs.set(c, (costs.get(c) ?? 0) + coefficient);
  const columns = [...costs.keys()].sort((a, b) => a - b);
  model.changeColsCost(
    { kind: 'set', indices: columns },
    columns.map((c) => costs.get(c)!),
  );
  model.changeObjectiveSense(highs.constants.objectiveSense[sense]);
  try {
    model.run();
    const status = model.getModelStatus();
    if (status === highs.constants.modelStatus.unbounded || status === highs.constants.modelStatus.unboundedOrInfeasible) {
      return sense === 'maximize' ? Infinity : -Infinity;
    }
    return Math.round(model.getObjectiveValue() * 1e6) / 1e6;
  } finally {
    model.changeColsCost(
      { kind: 'set', indices: columns },
      columns.map(() => 0),
    );
    model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
  }
}
