import { cellKey, median, mergeSorted, type Dimension, type MeasureRef, type Stage } from '@coalition/shared';
import type { MissingPartner } from '../../coverage';
import type { SuppressionReason } from '../disclosure';
import { publish, type Publication, type SuppressionCache } from '../figures';
import { subsetsOf, tableId, type LatticeCell } from '../lattice';
import { disclosureControl, handoffVisible, partnerVisible, type Disclosure } from '../disclosure-scope';
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
  suppression: SuppressionReason | null;
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
  disclosureControl: { applied: boolean; minimumCellSize: number | null; cubeDimensions: Dimension[] | null };
  people: number | null;
  tables: Array<{ dimensions: Dimension[]; cells: FunnelCell[] }>;
  transitions: Array<{ fromStage: Stage; toStage: Stage; handoffs: Handoff[] }>;
  coverage: PathwayCoverage;
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

export async function funnelResult(
  definition: { code: string; version: number; name: string; stages: Stage[] },
  cohort: string | null,
  index: PeopleIndex,
  tally: FunnelTally,
  disclosure: Disclosure,
  coverage: PathwayCoverage,
  cache: SuppressionCache,
): Promise<FunnelResult> {
  const publications = await Promise.all(
    tally.stages.map((cells) =>
      publish<DaysMeasure>(
        disclosure.dimensions,
        {
          cells: latticeCells(
            index,
            cells,
            (t) => t.count,
            (t) => ({ days: t.days.sort((a, b) => a - b) }),
          ),
        },
        disclosure.k,
        cache,
        addDays,
      ),
    ),
  );
  const tables = subsetsOf(disclosure.by).map((subset) => {
    const id = tableId(subset);
    const cells = keysOf(publications[0], id, disclosure.visible).map(([key, values]): FunnelCell => {
      let previous: FunnelStageFigure | null = null;
      const stages = definition.stages.map((stage, i): FunnelStageFigure => {
        const reason = reasonOf(publications[i], id, key);
        const cell = publications[i].lattice.get(id)?.cells.get(key);
        const people = cell?.count ?? 0;
        const figure: FunnelStageFigure = reason
          ? { stage, people: null, conversion: null, medianDaysFromPrevious: null, suppressed: true, suppression: reason }
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
      return { key, values, stages };
    });
    return { dimensions: subset, cells };
  });
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
    transitions: tally.transitions.map((handoffs, i) => ({
      fromStage: definition.stages[i],
      toStage: definition.stages[i + 1],
      handoffs: protectHandoffs(
        [...handoffs].flatMap(([from, row]) =>
          [...row].map(
            ([to, people]): Handoff => ({ fromPartner: index.partnerIds[from], toPartner: to === null ? null : index.partnerIds[to], people, ...SHOWN }),
          ),
        ),
        disclosure,
      ),
    })),
    coverage,
  };
}

/**
 * Handoffs of one transition for roles other than the backbone: counts of 1 to k-1 suppressed,
 * and then, wherever a row (one partner's handoffs) or the whole transition has exactly one
 * suppressed count, its smallest shown count too, since row and transition totals can be read
 * off the funnel. Handoffs wholly outside the caller's partners are left out.
 */
export function protectHandoffs(handoffs: Handoff[], disclosure: Pick<Disclosure, 'k' | 'visible'>): Handoff[] {
  // By partner id; "did not reach the next stage" last in each row.
  const order = (h: Handoff) => `${h.fromPartner}\u0000${h.toPartner === null ? '\uffff' : h.toPartner}`;
  const sorted = handoffs.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const k = disclosure.k;
  if (k === null) return sorted;
  const hidden = new Map<Handoff, SuppressionReason>();
  for (const h of sorted) if (h.people! > 0 && h.people! < k) hidden.set(h, 'SMALL_CELL');
  const groups = [sorted, ...[...new Set(sorted.map((h) => h.fromPartner))].map((from) => sorted.filter((h) => h.fromPartner === from))];
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      if (group.filter((h) => hidden.has(h)).length !== 1) continue;
      const smallest = group.filter((h) => !hidden.has(h) && h.people! > 0).sort((a, b) => a.people! - b.people!)[0];
      if (smallest) {
        hidden.set(smallest, 'COMPLEMENTARY');
        changed = true;
      }
    }
  }
  return sorted
    .filter((h) => handoffVisible(h, disclosure.visible))
    .map((h) => (hidden.has(h) ? { ...h, people: null, suppressed: true, suppression: hidden.get(h)! } : h));
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
    disclosure.k,
    cache,
    addChanges,
  );
  const tables = subsetsOf(disclosure.by).map((subset) => {
    const id = tableId(subset);
    const cells = keysOf(publication, id, disclosure.visible).map(([key, values]): PrePostCell => {
      const reason = reasonOf(publication, id, key);
      if (reason) return { key, values, n: null as unknown as number, suppressed: true, suppression: reason };
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
