import { cellKey, type CellValues } from '@coalition/shared';
import type { FigureTable } from '../analytics/figures';
import type { FunnelResult, PrePostResult } from '../analytics/pathways/results';
import { buildLattice, tableId, type LatticeTable } from '../analytics/lattice';
import { cubeModel } from '../analytics/protection/cube';
import { funnelModel, type HandoffCount } from '../analytics/protection/funnel';
import { cellCount, type Attacker, type CellStatus, type DisclosureRule, type Exposure, type PublicationModel } from '../analytics/protection/model';
import type { ReleasedIndicator } from './content';

/** How much a role loses to disclosure control: cells of the tables it reads, and the people in them. */
export interface InformationLoss {
  /** 'funder' (a funder of the whole network) or 'partner_staff' (every partner's staff, their views added up). */
  role: 'funder' | 'partner_staff';
  cells: number;
  cellsSuppressed: number;
  /** People summed over the cells it reads (a person counts once per table). */
  people: number;
  peopleInSuppressedCells: number;
}

/** What a release's audit found: published only when no exposure was found. */
export interface ReleaseAuditResult {
  /** The rule audited against. */
  minimumCellSize: number;
  protection: number;
  /** Readers the publication was attacked as: "funder", "staff:<partner>". */
  attackers: string[];
  figures: number;
  /** Small cells some reader could narrow too far: where, not how many people (an approval's error names them). */
  exposures: Array<{ figure: string; attacker: string; table: string; cell: string }>;
  informationLoss: InformationLoss[];
  seconds: number;
}

/** One figure of a release as the audit sees it: its publication model, what was hidden, who reads it. */
export interface AuditedFigure {
  name: string;
  model: PublicationModel;
  status: CellStatus;
  attackers: Attacker[];
  /** Per model cell: table and key, for reports. */
  where: (cell: number) => { table: string; cell: string };
  /** Published as nothing at all (a funnel withheld whole): no reader learns anything from it to attack. */
  withheld?: boolean;
}

/** The audit of one figure runs where the pool puts it (a worker thread): only plain data crosses. */
export type Auditor = (model: PublicationModel, status: CellStatus, attackers: Attacker[], rule: DisclosureRule) => Promise<Exposure[]>;

const finestOf = <T extends { dimensions: readonly string[] }>(tables: readonly T[]): T =>
  tables.reduce((a, b) => (b.dimensions.length > a.dimensions.length ? b : a));

function latticeFrom(dimensions: readonly string[], cells: ReadonlyArray<{ values: CellValues; people: number }>): Map<string, LatticeTable<null>> {
  return buildLattice(
    dimensions,
    cells.filter((c) => c.people > 0).map((c) => ({ key: cellKey(c.values), values: c.values, count: c.people, measures: null })),
    () => null,
  );
}

/** A cube figure (an indicator or a pre/post change): the truth's finest table makes the atoms, the release's flags the status. */
function cubeFigure(
  name: string,
  dimensions: readonly string[],
  truth: ReadonlyArray<{ dimensions: readonly string[]; cells: Array<{ key: string; values: CellValues; people: number }> }>,
  hidden: (table: string, key: string) => boolean,
): AuditedFigure {
  const finest = finestOf(truth);
  const cube = cubeModel(latticeFrom(dimensions, finest.cells), dimensions);
  const status: CellStatus = new Map();
  for (const [cell, [table, key]] of cube.cells.entries()) if (hidden(table, key)) status.set(cell, 'COMPLEMENTARY');
  return { name, model: cube.model, status, attackers: cube.attackers, where: (cell) => ({ table: cube.cells[cell][0], cell: cube.cells[cell][1] }) };
}

const hiddenIn = (tables: ReadonlyArray<{ dimensions: readonly string[]; cells: Array<{ key: string; suppressed: boolean }> }>) => {
  const hidden = new Set<string>();
  for (const table of tables) for (const cell of table.cells) if (cell.suppressed) hidden.add(`${tableId(table.dimensions)}:${cell.key}`);
  return (table: string, key: string) => hidden.has(`${table}:${key}`);
};

export function indicatorFigure(released: ReleasedIndicator, truth: { tables: FigureTable[] }): AuditedFigure {
  const people = (t: FigureTable) => ({
    dimensions: t.dimensions,
    cells: t.cells.map((c) => ({ key: c.key, values: c.values, people: c.current.people ?? 0 })),
  });
  const flags = released.tables.map((t) => ({ dimensions: t.dimensions, cells: t.cells.map((c) => ({ key: c.key, suppressed: c.current.suppressed })) }));
  return cubeFigure(`${released.code} v${released.version}`, released.dimensions, truth.tables.map(people), hiddenIn(flags));
}

export function prePostFigure(released: PrePostResult, truth: PrePostResult): AuditedFigure {
  const n = (t: PrePostResult['tables'][number]) => ({
    dimensions: t.dimensions,
    cells: t.cells.map((c) => ({ key: c.key, values: c.values, people: c.n ?? 0 })),
  });
  const flags = released.tables.map((t) => ({ dimensions: t.dimensions, cells: t.cells.map((c) => ({ key: c.key, suppressed: c.suppressed })) }));
  return cubeFigure(`${released.code} v${released.version}`, released.dimensions, truth.tables.map(n), hiddenIn(flags));
}

/** A funnel: every stage's cube and every handoff, one model (stages nested, handoffs tied to stage totals). */
export function funnelFigure(released: FunnelResult, truth: FunnelResult): AuditedFigure {
  const dimensions = released.dimensions;
  const finest = finestOf(truth.tables);
  const stages = truth.stages.map((_stage, s) =>
    latticeFrom(
      dimensions,
      finest.cells.map((c) => ({ values: c.values, people: c.stages[s].people ?? 0 })),
    ),
  );
  const transitions: HandoffCount[][] = truth.transitions.map((t) => t.handoffs.map((h) => ({ from: h.fromPartner, to: h.toPartner, people: h.people ?? 0 })));
  const { model, stageCells, handoffCells, attackers } = funnelModel({ dimensions, stages, transitions });
  const status: CellStatus = new Map();
  const where = new Map<number, { table: string; cell: string }>();
  for (const table of released.tables) {
    const id = tableId(table.dimensions);
    for (const cell of table.cells) {
      cell.stages.forEach((figure, s) => {
        const index = stageCells[s].get(id)?.get(cell.key);
        if (index === undefined) return;
        where.set(index, { table: `${truth.stages[s]}:${id}`, cell: cell.key });
        if (figure.suppressed) status.set(index, 'COMPLEMENTARY');
      });
    }
  }
  released.transitions.forEach((t, s) => {
    for (const h of t.handoffs) {
      const i = transitions[s].findIndex((x) => x.from === h.fromPartner && x.to === h.toPartner);
      if (i < 0) continue;
      where.set(handoffCells[s][i], { table: `${t.fromStage}>${t.toStage}`, cell: `${h.fromPartner}>${h.toPartner ?? 'none'}` });
      if (h.suppressed) status.set(handoffCells[s][i], 'COMPLEMENTARY');
    }
  });
  if (released.withheld) for (let i = 0; i < model.cells.length; i++) status.set(i, 'TABLE_WITHHELD');
  return {
    name: `${released.code} v${released.version}`,
    model,
    status,
    attackers,
    where: (cell) => where.get(cell) ?? { table: '?', cell: String(cell) },
    withheld: released.withheld ?? false,
  };
}

/** What each role loses: cells it reads that are hidden, and the people in them. */
function informationLoss(figures: readonly AuditedFigure[]): InformationLoss[] {
  const loss = (role: InformationLoss['role']): InformationLoss => ({ role, cells: 0, cellsSuppressed: 0, people: 0, peopleInSuppressedCells: 0 });
  const funder = loss('funder');
  const staff = loss('partner_staff');
  const add = (into: InformationLoss, figure: AuditedFigure, cell: number) => {
    const people = cellCount(figure.model, cell);
    if (people === 0) return;
    into.cells++;
    into.people += people;
    if (figure.status.has(cell)) {
      into.cellsSuppressed++;
      into.peopleInSuppressedCells += people;
    }
  };
  for (const figure of figures) {
    for (const attacker of figure.attackers) {
      const into = attacker.name === 'funder' ? funder : staff;
      const seen = attacker.sees === 'ALL' ? figure.model.cells.map((_c, i) => i) : attacker.sees;
      for (const cell of seen) add(into, figure, cell);
    }
  }
  return [funder, staff];
}

/**
 * Audits a release as one publication: every figure, attacked as every reader (a funder of the
 * whole network; each partner's staff, who know their own people). Figures are independent
 * publications here (different populations); what links them is in docs/INDICATORS.md.
 */
export async function auditRelease(figures: readonly AuditedFigure[], rule: DisclosureRule, audit: Auditor): Promise<ReleaseAuditResult> {
  const started = Date.now();
  const exposures: ReleaseAuditResult['exposures'] = [];
  const attackers = new Set<string>();
  for (const figure of figures) {
    for (const a of figure.attackers) attackers.add(a.name);
    if (figure.withheld) continue;
    for (const exposure of await audit(figure.model, figure.status, figure.attackers, rule)) {
      exposures.push({ figure: figure.name, attacker: exposure.attacker, ...figure.where(exposure.cell) });
    }
  }
  return {
    minimumCellSize: rule.k,
    protection: rule.p,
    attackers: [...attackers].sort(),
    figures: figures.length,
    exposures,
    informationLoss: informationLoss(figures),
    seconds: (Date.now() - started) / 1000,
  };
}
