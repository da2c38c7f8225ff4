import type { CellValues } from '@coalition/shared';
import { cellKey } from '@coalition/shared';
import { suppress, type SuppressionReason, type Suppressions } from '../disclosure';
import { tableId, type LatticeTable } from '../lattice';
import { addCubeTables, PARTNER } from './cube';
import type { Attacker, CellStatus, DisclosureRule, PublicationModel } from './model';
import { protectIntervals } from './protect';

/**
 * Rounds of the interval pass a funnel gets before it is withheld whole. Funnels are protected
 * over PARTNER (FUNNEL_CUBE): a few hundred cells, a fraction of a second a round; the 4-stage
 * funnel of a 12 x 50,000 coalition needs four. One that still needs hiding after this many
 * rounds is mostly one that cannot be protected at all, and withholding it publishes nothing.
 * A count, not a clock, so the same counts always get the same answer.
 */
export const FUNNEL_ROUNDS = 10;

/** One handoff of a transition: people who reached stage s at `from` and stage s+1 at `to` (null: did not). */
export interface HandoffCount {
  from: string;
  to: string | null;
  people: number;
}

/** What a funnel publishes, as counts: every stage's cube (nested: stage s+1's people are among stage s's) and the handoffs. */
export interface FunnelCounts {
  dimensions: readonly string[];
  /** Stage -> its lattice (every table of the cube). */
  stages: ReadonlyArray<Map<string, LatticeTable<unknown>>>;
  /** Transition s (stage s -> s+1) -> its handoffs. */
  transitions: ReadonlyArray<readonly HandoffCount[]>;
}

export interface FunnelDecision {
  /** Per stage, as `suppress` gives them. */
  stages: Suppressions[];
  /** Per transition, per handoff (same order as given): why it is hidden, or null. */
  handoffs: Array<Array<SuppressionReason | null>>;
  /**
   * Nothing of it could be protected: even with every cell hidden, a reader could narrow a small
   * count from which cells are empty, what the definitions tie together and (staff) its own
   * people. Then no cell at all is shown, not even which are empty.
   */
  withheld: boolean;
}

/**
 * A funnel as one publication. Its atoms are the people of one entry cell who stopped at one
 * stage, and the people of one handoff; a stage's cell is the sum of the atoms of its cell that
 * went at least that far. What every reader knows from the definitions ties them: a
 * transition's handoffs add up to its stage's total, those that reached somewhere to the next
 * stage's total, the first transition's handoffs from a partner to the first stage's cell of
 * that partner (PARTNER is where a person entered), and the people who reached a partner at one
 * transition are the people who leave from it at the next. Protected as a whole, a stage's
 * total minus a shown handoff or a later stage's cell cannot pin a hidden one.
 */
export function funnelModel(counts: FunnelCounts, keyOf: (values: CellValues) => string = cellKey) {
  const { dimensions, stages, transitions } = counts;
  const entry = [...stages[0].get(tableId(dimensions))!.cells.values()].filter((c) => c.count > 0);
  const model: PublicationModel = { atoms: [], cells: [], identities: [] };
  const reached = stageAtoms(model, counts, entry);
  const stageCells = stages.map((_lattice, s) =>
    addCubeTables(
      model,
      dimensions,
      entry.map((cell, j) => ({ values: cell.values, atoms: reached[j][s] })),
      `stage${s}:`,
      keyOf,
    ),
  );
  const handoffCells: number[][] = transitions.map((handoffs, s) =>
    handoffs.map((h) => {
      const atom = model.atoms.push(h.people) - 1;
      const values = [
        { dimension: 'FROM', value: h.from },
        { dimension: 'TO', value: h.to ?? '' },
      ];
      return model.cells.push({ table: `handoffs${s}`, values, atoms: [atom] }) - 1;
    }),
  );
  handoffIdentities(model, counts, entry, reached, handoffCells);
  return { model, stageCells, handoffCells, attackers: funnelAttackers(model, entry, reached, counts, handoffCells) };
}

type EntryCell = { key: string; values: CellValues };

/** The atoms: per entry cell and stage, the people who stopped there. Returns, per entry cell and stage, the atoms of those who reached it. */
function stageAtoms(model: PublicationModel, counts: FunnelCounts, entry: readonly EntryCell[]): number[][][] {
  const finestId = tableId(counts.dimensions);
  const countAt = (s: number, key: string) => counts.stages[s]?.get(finestId)?.cells.get(key)?.count ?? 0;
  return entry.map((cell) => {
    const reached: number[][] = counts.stages.map(() => []);
    for (let s = 0; s < counts.stages.length; s++) {
      const stopped = countAt(s, cell.key) - countAt(s + 1, cell.key);
      if (stopped < 0) throw new Error(`funnel stages are not nested at ${cell.key}: stage ${s + 2} has more people than stage ${s + 1}`);
      const atom = model.atoms.push(stopped) - 1;
      for (let t = 0; t <= s; t++) reached[t].push(atom);
    }
    return reached;
  });
}

const plus = (atoms: readonly number[]) => atoms.map((a) => [a, 1] as [number, number]);
const minus = (atoms: readonly number[]) => atoms.map((a) => [a, -1] as [number, number]);

/** What the definitions say about handoffs, as identities every reader knows (see funnelModel). */
function handoffIdentities(model: PublicationModel, counts: FunnelCounts, entry: readonly EntryCell[], reached: number[][][], handoffCells: number[][]): void {
  const { dimensions, stages, transitions } = counts;
  const atomOf = (cell: number) => model.cells[cell].atoms[0];
  const stageTotal = (s: number) => reached.flatMap((r) => r[s] ?? []);
  transitions.forEach((handoffs, s) => {
    const atoms = (test: (h: HandoffCount) => boolean) => handoffs.flatMap((h, i) => (test(h) ? [atomOf(handoffCells[s][i])] : []));
    model.identities.push([...plus(atoms(() => true)), ...minus(stageTotal(s))]);
    if (s + 1 < stages.length) model.identities.push([...plus(atoms((h) => h.to !== null)), ...minus(stageTotal(s + 1))]);
    const partners = new Set(handoffs.flatMap((h) => [h.from, ...(h.to === null ? [] : [h.to])]));
    for (const partner of partners) {
      if (s === 0 && dimensions.includes(PARTNER)) {
        // At the first transition the partner left from is the partner entered at: its row adds up to
        // its first-stage cell, and the part that went on to its second-stage cell.
        const here = entry.flatMap((c, j) => (c.values.find((v) => v.dimension === PARTNER)?.value === partner ? [j] : []));
        model.identities.push([...plus(atoms((h) => h.from === partner)), ...minus(here.flatMap((j) => reached[j][0]))]);
        if (stages.length > 1)
          model.identities.push([...plus(atoms((h) => h.from === partner && h.to !== null)), ...minus(here.flatMap((j) => reached[j][1]))]);
      }
      const next = transitions[s + 1];
      if (next) {
        const leavingNext = next.flatMap((h, i) => (h.from === partner ? [atomOf(handoffCells[s + 1][i])] : []));
        model.identities.push([...plus(atoms((h) => h.to === partner)), ...minus(leavingNext)]);
      }
    }
  });
}

/**
 * A funder of the whole network reads everything; a partner's staff know the people who entered
 * at their partner (their own records, and the pathways of people they serve) and every handoff
 * from or to their partner, and read the network's cells (those of their own partner they know).
 */
function funnelAttackers(
  model: PublicationModel,
  entry: ReadonlyArray<{ values: CellValues }>,
  reached: number[][][],
  counts: FunnelCounts,
  handoffCells: number[][],
): Attacker[] {
  const attackers: Attacker[] = [{ name: 'funder', known: [], sees: 'ALL' }];
  if (!counts.dimensions.includes(PARTNER)) return attackers;
  const partnerOf = entry.map((c) => c.values.find((v) => v.dimension === PARTNER)!.value);
  const handoffPartners = counts.transitions.flatMap((t) => t.flatMap((h) => [h.from, ...(h.to === null ? [] : [h.to])]));
  const network = model.cells.flatMap((c, i) => (c.table.startsWith('stage') && !c.values.some((v) => v.dimension === PARTNER) ? [i] : []));
  for (const partner of [...new Set([...partnerOf, ...handoffPartners])].sort()) {
    const known = partnerOf.flatMap((p, j) => (p === partner ? reached[j][0] : []));
    const ownHandoffs = counts.transitions.flatMap((t, s) => t.flatMap((h, i) => (h.from === partner || h.to === partner ? [handoffCells[s][i]] : [])));
    known.push(...ownHandoffs.map((cell) => model.cells[cell].atoms[0]));
    attackers.push({ name: `staff:${partner}`, known, sees: [...network, ...ownHandoffs] });
  }
  return attackers;
}

/**
 * Suppression over a funnel for roles other than the backbone: each stage's cube as `suppress`
 * decides it, small handoffs hidden, then the interval pass over the funnel as a whole. Should
 * anything stay exposed, every stage table and every handoff is withheld.
 */
export async function decideFunnel(counts: FunnelCounts, rule: DisclosureRule, keyOf: (values: CellValues) => string = cellKey): Promise<FunnelDecision> {
  const { model, stageCells, handoffCells, attackers } = funnelModel(counts, keyOf);
  const status: CellStatus = new Map();
  counts.stages.forEach((lattice, s) => {
    for (const [id, reasons] of suppress(lattice, counts.dimensions, rule.k, keyOf)) {
      for (const [key, reason] of reasons) {
        const cell = stageCells[s].get(id)?.get(key);
        if (cell !== undefined) status.set(cell, reason);
      }
    }
  });
  counts.transitions.forEach((handoffs, s) => {
    handoffs.forEach((h, i) => {
      if (h.people > 0 && h.people < rule.k) status.set(handoffCells[s][i], 'SMALL_CELL');
    });
  });
  const { status: decided, unprotected } = await protectIntervals(model, status, attackers, rule, FUNNEL_ROUNDS);
  const reasonOf = (cell: number): SuppressionReason | null => (unprotected.length ? 'TABLE_WITHHELD' : (decided.get(cell) ?? null));
  return {
    stages: stageCells.map((byTable) => {
      const suppressions: Suppressions = new Map();
      for (const [id, byKey] of byTable) {
        const reasons = new Map<string, SuppressionReason>();
        for (const [key, cell] of byKey) {
          const reason = reasonOf(cell);
          if (reason) reasons.set(key, reason);
        }
        suppressions.set(id, reasons);
      }
      return suppressions;
    }),
    handoffs: handoffCells.map((cells, s) => cells.map((cell, i) => (counts.transitions[s][i].people > 0 ? reasonOf(cell) : null))),
    withheld: unprotected.length > 0,
  };
}
