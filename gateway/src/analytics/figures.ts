import { createHash } from 'node:crypto';
import { emptyMeasures, indicatorKinds, mergeMeasures, type Dimension, type Measures } from '@coalition/shared';
import { buildLattice, subsetsOf, tableId, type LatticeCell, type LatticeTable } from './lattice';
import { shownReason, type ShownReason, type Suppressions } from './disclosure';
import { decideInline, type SuppressionDecider } from './suppression-pool';
import { partnerVisible } from './disclosure-scope';
import type { DisclosureRule } from './protection/model';
import type { FunnelCounts, FunnelDecision } from './protection/funnel';

export interface Figure {
  people: number | null;
  numerator: number | null;
  value: number | null;
  suppressed: boolean;
  suppression: ShownReason | null;
}

export interface FigureCell {
  key: string;
  values: Array<{ dimension: string; value: string }>;
  current: Figure;
  previous: Figure | null;
  change: number | null;
}

export interface FigureTable {
  dimensions: Dimension[];
  cells: FigureCell[];
}

/** Rates, means and medians are computed after the merge, by the kind's module, from the merged measures. */
export function figureOf(kind: string, people: number, measures: Measures): number | null {
  return indicatorKinds.require(kind).figure(people, measures);
}

export interface PeriodCells<M = Measures> {
  /** Every partner's cells by the fetched dimensions; equal keys are summed in the lattice. */
  cells: Array<LatticeCell<M>>;
}

export interface Publication<M = Measures> {
  lattice: Map<string, LatticeTable<M>>;
  suppressions: Suppressions | null;
}

/**
 * Decisions kept by a key of exact counts, most recently used last: a decision asked again reuses
 * the first one's promise (so the same counts asked twice at once are decided once), and a
 * failed one (the pool closed under it) is not kept.
 */
class Decisions<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, decide: () => Promise<T>): Promise<T> {
    let found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
    } else {
      const decided = decide();
      decided.catch(() => this.entries.get(key) === decided && this.entries.delete(key));
      found = decided;
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, found);
    return found;
  }
}

/**
 * Suppression depends only on the cube's counts, so it is kept per exact set of counts: the
 * same figures asked again (a dashboard reloading) reuse it, and any change in the data makes a
 * new key, never a stale answer. It lives on the main thread: a hit never goes to a worker, and
 * the same cube asked twice at once is decided once.
 */
export class SuppressionCache {
  private readonly decisions: Decisions<Suppressions>;

  constructor(
    maxEntries = 64,
    private readonly decider: SuppressionDecider = decideInline,
  ) {
    this.decisions = new Decisions(maxEntries);
  }

  decide(lattice: Map<string, LatticeTable<unknown>>, dimensions: readonly string[], rule: DisclosureRule): Promise<Suppressions> {
    const key = countsKey(dimensions, lattice.get(tableId(dimensions))!, rule);
    return this.decisions.get(key, () => this.decider.decide(lattice, dimensions, rule));
  }
}

/** Funnels are decided whole (stages and handoffs together), kept likewise by their exact counts. */
export class FunnelSuppressionCache {
  private readonly decisions: Decisions<FunnelDecision>;

  constructor(
    maxEntries = 16,
    private readonly decider: SuppressionDecider = decideInline,
  ) {
    this.decisions = new Decisions(maxEntries);
  }

  decide(counts: FunnelCounts, rule: DisclosureRule): Promise<FunnelDecision> {
    const hash = createHash('sha256').update(`${rule.k}\n${rule.p}\n`);
    for (const stage of counts.stages) hash.update(countsKey(counts.dimensions, stage.get(tableId(counts.dimensions))!, rule));
    for (const transition of counts.transitions) hash.update(`${JSON.stringify(transition.map((h) => [h.from, h.to, h.people]))}\n`);
    return this.decisions.get(hash.digest('base64'), () => this.decider.decideFunnel(counts, rule));
  }
}

/** The cube's merged counts, in key order. */
function countsKey(dimensions: readonly string[], cube: LatticeTable<unknown>, rule: DisclosureRule): string {
  const hash = createHash('sha256').update(`${dimensions.join(',')}\n${rule.k}\n${rule.p}\n`);
  for (const key of [...cube.cells.keys()].sort()) hash.update(`${key}=${cube.cells.get(key)!.count}\n`);
  return hash.digest('base64');
}

/** All the tables of a period: with suppression over the whole cube for roles other than the backbone. */
export async function publish<M = Measures>(
  dimensions: readonly string[],
  period: PeriodCells<M>,
  rule: DisclosureRule | null,
  cache?: SuppressionCache,
  add: (into: M | undefined, from: M) => M = mergeMeasures as unknown as (into: M | undefined, from: M) => M,
): Promise<Publication<M>> {
  const lattice = buildLattice(dimensions, period.cells, add);
  if (rule === null) return { lattice, suppressions: null };
  const decider = cache ?? decideInline;
  return { lattice, suppressions: await decider.decide(lattice, dimensions, rule) };
}

function figure(kind: string, publication: Publication, id: string, key: string): Figure {
  const cell = publication.lattice.get(id)?.cells.get(key);
  const people = cell?.count ?? 0;
  const reason = publication.suppressions?.get(id)?.get(key) ?? null;
  if (reason) return { people: null, numerator: null, value: null, suppressed: true, suppression: shownReason(reason) };
  const kindModule = indicatorKinds.require(kind);
  const measures = cell?.measures ?? emptyMeasures(kindModule.measures);
  return {
    people,
    numerator: kindModule.measures.includes('numerator') ? (measures.numerator ?? 0) : null,
    value: kindModule.figure(people, measures),
    suppressed: false,
    suppression: null,
  };
}

/**
 * One table's cells: the keys of either period in key order, cells of partners outside `visible`
 * left out, each with its figure in each period; a change is given only when both figures are.
 * Live answers and released ones pair their periods here.
 */
export function pairedCells(
  keys: ReadonlyMap<string, FigureCell['values']>,
  now: (key: string) => Figure,
  before: ((key: string) => Figure) | null,
  visible: ReadonlySet<string> | 'ALL',
): FigureCell[] {
  const cells: FigureCell[] = [];
  for (const [key, values] of [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!partnerVisible(values, visible)) continue;
    const current = now(key);
    const previous = before ? before(key) : null;
    const change = previous && current.value !== null && previous.value !== null ? current.value - previous.value : null;
    cells.push({ key, values, current, previous, change });
  }
  return cells;
}

/**
 * The tables a query asked for (`by` and every margin of it), read from the publications, cells
 * of partners outside `visiblePartners` left out.
 */
export function tablesFor(
  kind: string,
  by: readonly Dimension[],
  current: Publication,
  previous: Publication | null,
  visiblePartners: ReadonlySet<string> | 'ALL',
): FigureTable[] {
  return subsetsOf(by).map((subset) => {
    const id = tableId(subset);
    const keys = new Map<string, Array<{ dimension: string; value: string }>>();
    for (const publication of [current, previous]) {
      for (const cell of publication?.lattice.get(id)?.cells.values() ?? []) keys.set(cell.key, [...cell.values]);
    }
    if (!subset.length) keys.set('', []);
    const before = previous ? (key: string) => figure(kind, previous, id, key) : null;
    return { dimensions: subset, cells: pairedCells(keys, (key) => figure(kind, current, id, key), before, visiblePartners) };
  });
}
