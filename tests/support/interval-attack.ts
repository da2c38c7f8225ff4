import type { Highs } from 'highs';

/**
 * An attacker of published figures, written apart from the gateway's own protection code: it
 * reads one publication as one reader does, writes everything the reader can infer as a linear
 * program (CPLEX LP text solved by HiGHS), and bounds every hidden small count it reads.
 *
 * A publication is one cube of populations (an indicator's people, a funnel's stages, a pre/post
 * change's n) over the finest cells of its dimensions, with every margin, plus a funnel's
 * handoffs. The attacker knows what the reader reads and nothing else: a finest cell the reader
 * cannot see listed is a zero only when the reader's own tables say so (staff do not see other
 * partners' finest cells, so those stay unknowns over every non-PARTNER combination they see).
 */
export type Values = ReadonlyArray<{ dimension: string; value: string }>;

export interface Figure {
  people: number | null;
  suppressed: boolean;
  suppression: string | null;
}

/** One cell of one table; figures[s] is population s (a funnel's stages in order, else one). */
export interface TableCell {
  table: string;
  key: string;
  values: Values;
  figures: Figure[];
}

export interface Handoff {
  transition: number;
  from: string;
  to: string | null;
  figure: Figure;
}

export interface Publication {
  cells: TableCell[];
  handoffs: Handoff[];
  /** a funnel withheld whole: only its total is listed, no cell and no handoff */
  withheld?: boolean;
}

export interface Cube {
  /** e.g. "EMP_Q2" or "funnel WORKFORCE" */
  name: string;
  dimensions: string[];
  /** population names: a funnel's stages, else one */
  populations: string[];
  partners: string[];
  /** the backbone's unsuppressed publication */
  truth: Publication;
}

export interface Reader {
  name: string;
  /** staff: their partner, whose finest cells and handoffs they know exactly */
  own: string | null;
  view: Publication;
}

export interface AttackResult {
  checked: number;
  violations: string[];
}

/** Linear expression: coefficient per variable, plus a constant the reader knows. */
interface Expr {
  terms: Map<string, number>;
  constant: number;
}

interface Constraint {
  expr: Expr;
  op: '=' | '>=';
  rhs: number;
  why: string;
}

/** A hidden figure the reader reads: `truth` is the backbone's count. */
interface Hidden {
  label: string;
  expr: Expr;
  truth: number;
}

type HandoffId = { transition: number; from: string; to: string | null };

const SEP = '\u0000';
const idOf = (dimensions: readonly string[], values: Values) => dimensions.map((d) => `${d}=${values.find((v) => v.dimension === d)?.value ?? ''}`).join('|');
const matches = (fine: Values, cell: Values) => cell.every((c) => fine.some((f) => f.dimension === c.dimension && f.value === c.value));
const partnerOf = (values: Values) => values.find((v) => v.dimension === 'PARTNER')?.value ?? null;

/** The reader's model of one cube: unknowns with their true values, and what it knows, infers and reads. */
class Model {
  readonly truthOf = new Map<string, number>();
  /** people reach stages in order */
  readonly nesting: Constraint[] = [];
  /** how handoffs split each stage's people: known to every reader */
  readonly identities: Constraint[] = [];
  /** zeros and non-empty hidden figures */
  readonly pattern: Constraint[] = [];
  /** published non-zero counts */
  readonly published: Constraint[] = [];
  readonly hidden: Hidden[] = [];
  private readonly fines: Array<{ name: string; population: number; values: Values }> = [];
  /** the dimensions of the unknowns: the cube's, or only PARTNER when no cell is listed */
  private readonly grain: string[];
  /** population -> the reader's own finest cells, known exactly */
  private readonly known: Array<Array<{ values: Values; people: number }>>;
  private readonly handoffVars: Array<HandoffId & { name: string }> = [];
  private readonly knownHandoffs: Array<HandoffId & { people: number }> = [];

  constructor(
    readonly cube: Cube,
    readonly reader: Reader,
  ) {
    this.known = cube.populations.map(() => []);
    this.grain = reader.view.withheld ? ['PARTNER'] : cube.dimensions;
    this.unknowns();
    this.readCells();
    if (cube.populations.length > 1) this.readHandoffs();
    this.stagesInOrder();
  }

  private unknowns(): void {
    const { cube, reader, grain } = this;
    const finest = grain.join(',');
    const truthFinest = new Map(cube.truth.cells.filter((c) => c.table === finest).map((c) => [idOf(grain, c.values), c]));
    const add = (population: number, values: Values) => {
      const name = `x${population}_${this.fines.length}`;
      this.fines.push({ name, population, values });
      this.truthOf.set(name, truthFinest.get(idOf(grain, values))?.figures[population].people ?? 0);
    };
    if (reader.own === null && !reader.view.withheld) {
      // A funder of the whole network reads the whole finest table: an absent finest cell is a zero.
      for (const cell of reader.view.cells.filter((c) => c.table === finest)) for (let s = 0; s < cube.populations.length; s++) add(s, cell.values);
      return;
    }
    for (const cell of truthFinest.values()) {
      if (partnerOf(cell.values) !== reader.own) continue;
      for (let s = 0; s < cube.populations.length; s++) this.known[s].push({ values: cell.values, people: cell.figures[s].people! });
    }
    // Other partners' finest cells are not read (by staff, or by anyone when withheld): each is unknown wherever its non-PARTNER cell is listed.
    const rest = grain.filter((d) => d !== 'PARTNER').join(',');
    for (const cell of reader.view.cells.filter((c) => c.table === rest)) {
      for (const partner of cube.partners.filter((p) => p !== reader.own)) {
        for (let s = 0; s < cube.populations.length; s++) add(s, [{ dimension: 'PARTNER', value: partner }, ...cell.values]);
      }
    }
  }

  /** A cell of population s: its unknown finest cells plus what the reader knows of it. */
  private cellExpr(population: number, values: Values): Expr {
    const terms = new Map<string, number>();
    for (const fine of this.fines) if (fine.population === population && matches(fine.values, values)) terms.set(fine.name, 1);
    const constant = this.known[population].reduce((sum, own) => sum + (matches(own.values, values) ? own.people : 0), 0);
    return { terms, constant };
  }

  private readCells(): void {
    const truth = new Map(this.cube.truth.cells.map((c) => [`${c.table}${SEP}${c.key}`, c]));
    for (const cell of this.reader.view.cells) {
      const real = truth.get(`${cell.table}${SEP}${cell.key}`);
      if (!real) throw new Error(`${this.reader.name} ${this.cube.name}: ${cell.table} ${cell.key} is not in the backbone's answer`);
      cell.figures.forEach((figure, s) => {
        const stage = this.cube.populations.length > 1 ? `${this.cube.populations[s]}:` : '';
        // A cell is listed because its first population is not empty (later stages of it may be).
        this.read(figure, this.cellExpr(s, cell.values), `${stage}${cell.table || 'total'} ${cell.key || '-'}`, real.figures[s].people!, s === 0);
      });
    }
  }

  private read(figure: Figure, expr: Expr, label: string, truth: number, listed: boolean): void {
    if (!figure.suppressed) {
      (figure.people === 0 ? this.pattern : this.published).push({ expr, op: '=', rhs: figure.people!, why: `published ${label}` });
      return;
    }
    // Zeros are shown, so a PROTECTED figure is not empty; a withheld table tells only what its listing does.
    if (listed || figure.suppression === 'PROTECTED') this.pattern.push({ expr, op: '>=', rhs: 1, why: `hidden ${label}` });
    if (expr.terms.size > 0) this.hidden.push({ label, expr, truth });
  }

  private readHandoffs(): void {
    const { cube, reader } = this;
    const id = (h: HandoffId) => `${h.transition}${SEP}${h.from}${SEP}${h.to ?? ''}`;
    const truth = new Map(cube.truth.handoffs.map((h) => [id(h), h.figure.people!]));
    const add = (h: HandoffId) => {
      const name = `h${h.transition}_${this.handoffVars.length}`;
      this.handoffVars.push({ ...h, name });
      this.truthOf.set(name, truth.get(id(h)) ?? 0);
    };
    if (reader.own === null && !reader.view.withheld) {
      // The funder reads every handoff: an absent one is a zero.
      for (const h of reader.view.handoffs) add(h);
    } else {
      const own = reader.own;
      for (const h of cube.truth.handoffs) if (own !== null && (h.from === own || h.to === own)) this.knownHandoffs.push({ ...h, people: h.figure.people! });
      // Handoffs between other partners are not read: every one may exist.
      const others = cube.partners.filter((p) => p !== own);
      for (let t = 0; t < cube.populations.length - 1; t++) for (const from of others) for (const to of [...others, null]) add({ transition: t, from, to });
    }
    for (const h of reader.view.handoffs) {
      const label = `${cube.populations[h.transition]}>${cube.populations[h.transition + 1]} ${h.from}>${h.to ?? 'none'}`;
      this.read(
        h.figure,
        this.handoffSum((x) => id(x) === id(h)),
        label,
        truth.get(id(h)) ?? 0,
        true,
      );
    }
    this.splitStages();
  }

  private handoffSum(where: (h: HandoffId) => boolean): Expr {
    return {
      terms: new Map(this.handoffVars.filter(where).map((h) => [h.name, 1])),
      constant: this.knownHandoffs.filter(where).reduce((sum, h) => sum + h.people, 0),
    };
  }

  /** A step's handoffs split the stage's people by where they reached it, and by where they reached the next one. */
  private splitStages(): void {
    const stage = (s: number, partner?: string) => this.cellExpr(s, partner ? [{ dimension: 'PARTNER', value: partner }] : []);
    for (let t = 0; t < this.cube.populations.length - 1; t++) {
      this.equal(
        this.handoffSum((h) => h.transition === t),
        stage(t),
        `step ${t} = stage ${t}`,
      );
      this.equal(
        this.handoffSum((h) => h.transition === t && h.to !== null),
        stage(t + 1),
        `step ${t} reaching = stage ${t + 1}`,
      );
      for (const partner of this.cube.partners) {
        // PARTNER is where a person entered: the first step leaves from there.
        if (t === 0) {
          this.equal(
            this.handoffSum((h) => h.transition === 0 && h.from === partner),
            stage(0, partner),
            `entered at ${partner}`,
          );
          this.equal(
            this.handoffSum((h) => h.transition === 0 && h.from === partner && h.to !== null),
            stage(1, partner),
            `entered at ${partner} and reached stage 1`,
          );
        }
        // Who reached a stage at a partner is who leaves from there in the next step.
        else
          this.equal(
            this.handoffSum((h) => h.transition === t - 1 && h.to === partner),
            this.handoffSum((h) => h.transition === t && h.from === partner),
            `via ${partner} ${t}`,
          );
      }
    }
  }

  private equal(left: Expr, right: Expr, why: string): void {
    const terms = new Map(left.terms);
    for (const [name, coefficient] of right.terms) terms.set(name, (terms.get(name) ?? 0) - coefficient);
    for (const [name, coefficient] of terms) if (coefficient === 0) terms.delete(name);
    this.identities.push({ expr: { terms, constant: left.constant - right.constant }, op: '=', rhs: 0, why });
  }

  private stagesInOrder(): void {
    const byCell = new Map<string, Map<number, string>>();
    for (const fine of this.fines) {
      const id = idOf(this.grain, fine.values);
      byCell.set(id, (byCell.get(id) ?? new Map()).set(fine.population, fine.name));
    }
    for (const [id, stages] of byCell) {
      for (const [s, name] of stages) {
        const before = stages.get(s - 1);
        if (before)
          this.nesting.push({
            expr: {
              terms: new Map([
                [before, 1],
                [name, -1],
              ]),
              constant: 0,
            },
            op: '>=',
            rhs: 0,
            why: `${id} stage ${s} within ${s - 1}`,
          });
      }
    }
  }
}

/** Every constraint must hold for the true counts, or the model says more than the reader knows. */
function checkTruth(model: Model, constraints: Constraint[]): void {
  for (const c of constraints) {
    const value = [...c.expr.terms].reduce((sum, [name, coefficient]) => sum + coefficient * model.truthOf.get(name)!, c.expr.constant);
    if (c.op === '=' ? value !== c.rhs : value < c.rhs) {
      throw new Error(`${model.reader.name} ${model.cube.name}: the true counts break "${c.why}" (${value} ${c.op} ${c.rhs})`);
    }
  }
}

function linear(terms: Map<string, number>): string {
  const parts = [...terms].map(([name, c], i) => `${c < 0 ? '- ' : i > 0 ? '+ ' : ''}${Math.abs(c) === 1 ? '' : `${Math.abs(c)} `}${name}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 12) lines.push(parts.slice(i, i + 12).join(' '));
  return lines.join('\n   ');
}

/**
 * One set of constraints, written as CPLEX LP text and loaded into HiGHS once, then bounded for
 * objective after objective: each solve starts from the last basis, where parsing the text again
 * for every bound would take most of the attack's time.
 */
class Program {
  private readonly model: ReturnType<Highs['createModel']>;
  private readonly columns: number;
  private readonly costs: Float64Array;

  constructor(
    private readonly highs: Highs,
    variables: Iterable<string>,
    constraints: Constraint[],
  ) {
    // Single-variable constraints become bounds, and sums of 1 or more that those already imply are dropped.
    const fixed = new Map<string, number>();
    const lower = new Map<string, number>([...variables].map((name) => [name, 0]));
    const single = (c: Constraint) => c.expr.terms.size === 1 && [...c.expr.terms.values()][0] === 1;
    for (const c of constraints.filter(single)) {
      const [name] = c.expr.terms.keys();
      if (c.op === '=') fixed.set(name, c.rhs - c.expr.constant);
      else lower.set(name, Math.max(lower.get(name)!, c.rhs - c.expr.constant));
    }
    const least = (name: string) => fixed.get(name) ?? lower.get(name)!;
    const implied = (c: Constraint) =>
      c.op === '>=' &&
      [...c.expr.terms.values()].every((k) => k === 1) &&
      [...c.expr.terms.keys()].reduce((sum, n) => sum + least(n), 0) >= c.rhs - c.expr.constant;
    const rows = constraints.filter((c) => c.expr.terms.size > 0 && !single(c) && !implied(c));
    const [first] = lower.keys();
    const text = [
      'Minimize',
      ` obj: 0 ${first}`,
      'Subject To',
      ...(rows.length ? rows.map((c, i) => ` c${i}: ${linear(c.expr.terms)} ${c.op} ${c.rhs - c.expr.constant}`) : [` c0: ${first} >= 0`]),
      // Every variable is declared here, so that an objective may name one no row does.
      'Bounds',
      ...[...lower].map(([name, bound]) => (fixed.has(name) ? ` ${name} = ${fixed.get(name)}` : ` ${name} >= ${bound}`)),
      'End',
    ].join('\n');
    this.model = highs.createModel({ format: 'lp', data: text });
    this.model.options.set('output_flag', false);
    this.columns = this.model.getDimensions().numCols;
    this.costs = new Float64Array(this.columns);
  }

  /** The least or greatest value of `objective`; Infinity when unbounded above. */
  bound(sense: 'maximize' | 'minimize', objective: Expr, where: string): number {
    const { model, costs } = this;
    costs.fill(0);
    for (const [name, coefficient] of objective.terms) costs[model.getColByName(name)] = coefficient;
    model.changeColsCost({ kind: 'range', from: 0, to: this.columns - 1 }, costs);
    model.changeObjectiveSense(this.highs.constants.objectiveSense[sense]);
    const { optimal, unbounded, unboundedOrInfeasible } = this.highs.constants.modelStatus;
    model.run();
    let status = model.getModelStatus();
    if (status !== optimal && status !== unbounded) {
      // A warm start can end undecided: solve again from scratch.
      model.clearSolver();
      model.run();
      status = model.getModelStatus();
    }
    // The true counts satisfy every constraint (checkTruth), so "infeasible or unbounded" is unbounded.
    if (status === unbounded || status === unboundedOrInfeasible) return sense === 'maximize' ? Infinity : -Infinity;
    if (status !== optimal) throw new Error(`${where}: attacker LP ended with model status ${status}`);
    return model.getObjectiveValue() + objective.constant;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Attacks one cube as one reader. Every hidden count the reader reads with 1 to k-1 people beyond
 * its own records is bounded by LP; the rule (p): the interval reaches p above the true value or
 * up to the ceiling, and p below it or down to the floor (the most and the least that the zeros,
 * the non-empty hidden figures, the definitions and what the reader knew before reading allow,
 * with no published count).
 */
export function attack(highs: Highs, cube: Cube, reader: Reader, rule: { k: number; p: number }): AttackResult {
  const model = new Model(cube, reader);
  const { nesting, identities, pattern, published } = model;
  checkTruth(model, [...nesting, ...identities, ...pattern, ...published]);
  const variables = [...model.truthOf.keys()];
  const everything = new Program(highs, variables, [...nesting, ...identities, ...pattern, ...published]);
  // The floor: what the zeros, the non-empty hidden figures and the definitions (stage order, handoff sums) alone allow.
  const floors = new Program(highs, variables, [...nesting, ...identities, ...pattern]);
  // Staff know more than their own cells before reading anything: through the handoffs they know, a stage's total.
  const knowsMore = identities.some((c) => c.expr.constant !== 0);
  const prior = new Program(highs, variables, [...nesting, ...identities]);
  const violations: string[] = [];
  let checked = 0;
  try {
    for (const { label, expr, truth } of model.hidden) {
      if (truth - expr.constant < 1 || truth - expr.constant >= rule.k) continue;
      const where = `${reader.name} ${cube.name} ${label}`;
      const high = Math.floor(everything.bound('maximize', expr, where) + 1e-6);
      const low = Math.ceil(everything.bound('minimize', expr, where) - 1e-6);
      const holds = (floor: number, ceiling: number) => high >= Math.min(truth + rule.p, ceiling) && low <= Math.max(truth - rule.p, floor);
      if (holds(-Infinity, Infinity)) {
        checked++;
        continue;
      }
      // Only where the interval is narrow: what the reader knew before reading costs one more LP.
      const known = knowsMore ? Math.ceil(prior.bound('minimize', expr, where) - 1e-6) : expr.constant;
      if (truth - known < 1) continue;
      checked++;
      const floor = Math.max(known, Math.ceil(floors.bound('minimize', expr, where) - 1e-6));
      const ceiling = Math.floor(floors.bound('maximize', expr, where) + 1e-6);
      if (!holds(floor, ceiling)) violations.push(`${reader.name} ${cube.name} ${label} ${truth} [${low},${high}] ${floor} ${ceiling}`);
    }
  } finally {
    for (const program of [everything, floors, prior]) program.dispose();
  }
  return { checked, violations };
}

/** The tables of an answer (total, margins, finest cells) as one publication; `figures` reads a cell's populations. */
function tablesOf(answer: any, figures: (cell: any) => Figure[]): TableCell[] {
  const tables: Array<{ dimensions: string[]; cells: any[] }> = [
    { dimensions: [], cells: [answer.total] },
    ...answer.margins,
    { dimensions: answer.dimensions, cells: answer.cells },
  ];
  return tables.flatMap((t) => t.cells.map((cell) => ({ table: t.dimensions.join(','), key: cell.key, values: cell.values, figures: figures(cell) })));
}

const figureOf = (people: number | null, f: { suppressed: boolean; suppression: string | null }): Figure => ({
  people,
  suppressed: f.suppressed,
  suppression: f.suppression,
});

/** networkIndicator(...) { dimensions cells total margins } with current { people suppressed suppression } */
export function indicatorPublication(answer: any): Publication {
  return { cells: tablesOf(answer, (cell) => [figureOf(cell.current.people, cell.current)]), handoffs: [] };
}

/** prePostChange(...) { dimensions cells total margins } with n suppressed suppression */
export function changePublication(answer: any): Publication {
  return { cells: tablesOf(answer, (cell) => [figureOf(cell.n, cell)]), handoffs: [] };
}

/** pathwayFunnel(...) { dimensions stages cells total margins transitions } */
export function funnelPublication(answer: any): Publication {
  const stages: string[] = answer.stages;
  const cells = tablesOf(answer, (cell) =>
    stages.map((stage) => {
      const figure = cell.stages.find((s: any) => s.stage === stage);
      return figureOf(figure.people, figure);
    }),
  );
  const handoffs = answer.transitions.flatMap((t: any) =>
    t.handoffs.map((h: any) => ({ transition: stages.indexOf(t.fromStage), from: h.fromPartner, to: h.toPartner, figure: figureOf(h.people, h) })),
  );
  return { cells, handoffs, withheld: answer.withheld === true };
}
