import { cellKey, median, mergeSorted, type Dimension, type MeasureRef, type Stage } from '@coalition/shared';
import type { MissingPartner } from '../../coverage';
import { shownReason, type ShownReason, type SuppressionReason } from '../disclosure';
import { publish, type FunnelSuppressionCache, type Publication, type SuppressionCache } from '../figures';
import type { HandoffCount } from '../protection/funnel';
import { buildLattice, subsetsOf, tableId, type LatticeCell } from '../lattice';
import { disclosureControl, handoffVisible, partnerVisible, ruleOf, type Disclosure, type DisclosureControl } from '../disclosure-scope';
import type { FunnelTally } from './funnel';
import type { PeopleIndex } from './people';
import { summarizeChanges, type ChangeSummary, type ChangeTally } from './prepost';

export interface PathwayCoverage {
  partnersAsked: number;
  partnersAnswered: number;
  missing: MissingPartner[];
  /** People linked (in the registry) at a partner that did not answer. */
  peopleAtMissingPartners: number;
  /** Of them, people seen at a partner that answered: counted, with part of their pathway missing. */
  peopleSeenInPart: number;
}

type Values = Array<{ dimension: string; value: string }>;

interface Shown {
  suppressed: boolean;
  suppression: ShownReason | null;
}

export interface FunnelStageFigure extends Shown {
  stage: Stage;
  people: number | null;
  /** Percent of the people at the stage before who reached this one. */
  conversion: number | null;
  medianDaysFromPrevious: number | null;
}

export interface FunnelCell {
  key: string;
  values: Values;
  stages: FunnelStageFigure[];
}

export interface Handoff extends Shown {
  fromPartner: string;
  /** null: did not reach the next stage. */
  toPartner: string | null;
  people: number | null;
}

export interface FunnelResult {
  code: string;
  version: number;
  name: string;
  stages: Stage[];
  cohort: string | null;
  dimensions: Dimension[];
  disclosureControl: DisclosureControl;
  people: number | null;
  tables: Array<{ dimensions: Dimension[]; cells: FunnelCell[] }>;
  transitions: Array<{ fromStage: Stage; toStage: Stage; handoffs: Handoff[] }>;
  coverage: PathwayCoverage;
  /** No figure of it could be protected: only the total is listed (hidden), and no handoff. Absent in releases made before. */
  withheld?: boolean;
}

const SHOWN: Shown = { suppressed: false, suppression: null };

/** Lattice cells from tallies keyed by PeopleIndex cell. */
function latticeCells<T, M>(index: PeopleIndex, cells: ReadonlyMap<number, T>, count: (t: T) => number, measures: (t: T) => M): Array<LatticeCell<M>> {
  return [...cells].map(([cell, t]) => {
    const values = index.cells[cell];
    return { key: cellKey(values), values, count: count(t), measures: measures(t) };
  });
}

/** The keys of a table, from the widest publication (every later one is a subset of it), partners outside `visible` left out. */
function keysOf(publication: Publication<unknown>, id: string, visible: Disclosure['visible']): Array<[string, Values]> {
  const keys: Array<[string, Values]> = id === '' ? [['', []]] : [...(publication.lattice.get(id)?.cells.values() ?? [])].map((c) => [c.key, [...c.values]]);
  return keys.filter(([, values]) => partnerVisible(values, visible)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function reasonOf(publication: Publication<unknown>, id: string, key: string): SuppressionReason | null {
  return publication.suppressions?.get(id)?.get(key) ?? null;
}

interface DaysMeasure {
  days: number[];
}
const addDays = (into: DaysMeasure | undefined, from: DaysMeasure): DaysMeasure => ({ days: into ? mergeSorted(into.days, from.days) : from.days });

/** Each transition's handoffs by partner id; "did not reach the next stage" last in each row. */
function handoffCounts(tally: FunnelTally, index: PeopleIndex): HandoffCount[][] {
  const order = (h: HandoffCount) => `${h.from}\u0000${h.to === null ? '\uffff' : h.to}`;
  return tally.transitions.map((handoffs) =>
    [...handoffs]
      .flatMap(([from, row]) =>
        [...row].map(([to, people]): HandoffCount => ({ from: index.partnerIds[from], to: to === null ? null : index.partnerIds[to], people })),
      )
      .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)),
  );
}

/** A funnel's tables: every stage of every cell, conversions from the stage before, hidden figures null. */
function funnelTables(
  stages: readonly Stage[],
  by: readonly Dimension[],
  publications: ReadonlyArray<Publication<DaysMeasure>>,
  visible: Disclosure['visible'],
) {
  return subsetsOf(by).map((subset) => {
    const id = tableId(subset);
    const cells = keysOf(publications[0], id, visible).map(([key, values]): FunnelCell => {
      let previous: FunnelStageFigure | null = null;
      const figures = stages.map((stage, i): FunnelStageFigure => {
        const reason = reasonOf(publications[i], id, key);
        const cell = publications[i].lattice.get(id)?.cells.get(key);
        const people = cell?.count ?? 0;
        const figure: FunnelStageFigure = reason
          ? { stage, people: null, conversion: null, medianDaysFromPrevious: null, suppressed: true, suppression: shownReason(reason) }
          : {
              stage,
              people,
              ...SHOWN,
              conversion: previous?.people ? (100 * people) / previous.people : null,
              medianDaysFromPrevious: i > 0 && cell ? median(cell.measures.days) : null,
            };
        previous = figure.suppressed ? { ...figure, people: null } : figure;
        return figure;
      });
      return { key, values, stages: figures };
    });
    return { dimensions: [...subset], cells };
  });
}

export async function funnelResult(
  definition: { code: string; version: number; name: string; stages: Stage[] },
  cohort: string | null,
  index: PeopleIndex,
  tally: FunnelTally,
  disclosure: Disclosure,
  coverage: PathwayCoverage,
  cache: FunnelSuppressionCache,
): Promise<FunnelResult> {
  const lattices = tally.stages.map((cells) =>
    buildLattice<DaysMeasure>(
      disclosure.dimensions,
      latticeCells(
        index,
        cells,
        (t) => t.count,
        (t) => ({ days: t.days.sort((a, b) => a - b) }),
      ),
      addDays,
    ),
  );
  const transitions = handoffCounts(tally, index);
  const rule = ruleOf(disclosure);
  const decision = rule ? await cache.decide({ dimensions: disclosure.dimensions, stages: lattices, transitions }, rule) : null;
  const publications: Array<Publication<DaysMeasure>> = lattices.map((lattice, s) => ({ lattice, suppressions: decision?.stages[s] ?? null }));
  const withheld = decision?.withheld ?? false;
  // Withheld whole: not even which cells are empty is shown (an empty table would say that).
  const tables = funnelTables(definition.stages, disclosure.by, publications, disclosure.visible).map((table) =>
    withheld ? { ...table, cells: table.dimensions.length ? [] : table.cells } : table,
  );
  return {
    code: definition.code,
    version: definition.version,
    name: definition.name,
    stages: definition.stages,
    cohort,
    dimensions: disclosure.by,
    disclosureControl: disclosureControl(disclosure),
    people: tables[0].cells[0]?.stages[0].people ?? 0,
    tables,
    transitions: transitions.map((handoffs, s) => ({
      fromStage: definition.stages[s],
      toStage: definition.stages[s + 1],
      handoffs: handoffs.flatMap((h, i): Handoff[] => {
        if (withheld) return [];
        const handoff = { fromPartner: h.from, toPartner: h.to };
        if (!handoffVisible(handoff, disclosure.visible)) return [];
        const reason = decision?.handoffs[s][i] ?? null;
        return [reason ? { ...handoff, people: null, suppressed: true, suppression: shownReason(reason) } : { ...handoff, people: h.people, ...SHOWN }];
      }),
    })),
    coverage,
    withheld,
  };
}

export interface PrePostCell extends Partial<ChangeSummary>, Shown {
  key: string;
  values: Values;
}

export interface PrePostResult {
  code: string;
  version: number;
  name: string;
  unit: string;
  before: MeasureRef;
  after: MeasureRef;
  cohort: string | null;
  dimensions: Dimension[];
  disclosureControl: FunnelResult['disclosureControl'];
  tables: Array<{ dimensions: Dimension[]; cells: PrePostCell[] }>;
  coverage: PathwayCoverage;
}

interface ChangeMeasure {
  changes: number[];
  sumBefore: number;
  sumAfter: number;
}
const addChanges = (into: ChangeMeasure | undefined, from: ChangeMeasure): ChangeMeasure =>
  into ? { changes: mergeSorted(into.changes, from.changes), sumBefore: into.sumBefore + from.sumBefore, sumAfter: into.sumAfter + from.sumAfter } : from;

export async function prePostResult(
  definition: { code: string; version: number; name: string; unit: string; before: MeasureRef; after: MeasureRef },
  cohort: string | null,
  index: PeopleIndex,
  tally: ChangeTally,
  disclosure: Disclosure,
  coverage: PathwayCoverage,
  cache: SuppressionCache,
): Promise<PrePostResult> {
  const publication = await publish<ChangeMeasure>(
    disclosure.dimensions,
    {
      cells: latticeCells(
        index,
        tally.cells,
        (t) => t.changes.length,
        (t) => ({ ...t, changes: t.changes.sort((a, b) => a - b) }),
      ),
    },
    ruleOf(disclosure),
    cache,
    addChanges,
  );
  const tables = subsetsOf(disclosure.by).map((subset) => {
    const id = tableId(subset);
    const cells = keysOf(publication, id, disclosure.visible).map(([key, values]): PrePostCell => {
      const reason = reasonOf(publication, id, key);
      if (reason) return { key, values, n: null as unknown as number, suppressed: true, suppression: shownReason(reason) };
      const measures = publication.lattice.get(id)?.cells.get(key)?.measures ?? { changes: [], sumBefore: 0, sumAfter: 0 };
      return { key, values, ...summarizeChanges(measures.changes, measures.sumBefore, measures.sumAfter), ...SHOWN };
    });
    return { dimensions: subset, cells };
  });
  return {
    ...definition,
    cohort,
    dimensions: disclosure.by,
    disclosureControl: disclosureControl(disclosure),
    tables,
    coverage,
  };
}
