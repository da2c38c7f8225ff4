import type { CellValues } from '@coalition/shared';
import { cellKey } from '@coalition/shared';
import { suppress, type Suppressions } from '../disclosure';
import { project, subsetsOf, tableId, type LatticeTable } from '../lattice';
import type { Attacker, CellStatus, DisclosureRule, PublicationModel } from './model';
import { protectIntervals } from './protect';

/** The dimension whose value is the partner: a partner's staff know its cells. */
export const PARTNER = 'PARTNER';

/** A cube's tables as a publication model: the finest non-empty cells are the atoms. */
export interface CubeModel {
  model: PublicationModel;
  /** model cell -> [table id, cell key] */
  cells: Array<[string, string]>;
  /** table id -> cell key -> model cell */
  index: Map<string, Map<string, number>>;
  attackers: Attacker[];
}

export function cubeModel<M>(lattice: Map<string, LatticeTable<M>>, dimensions: readonly string[], keyOf: (values: CellValues) => string = cellKey): CubeModel {
  const finest = [...lattice.get(tableId(dimensions))!.cells.values()].filter((c) => c.count > 0);
  const model: PublicationModel = { atoms: finest.map((c) => c.count), cells: [], identities: [] };
  const index = addCubeTables(
    model,
    dimensions,
    finest.map((cell, a) => ({ values: cell.values, atoms: [a] })),
    '',
    keyOf,
  );
  const cells: Array<[string, string]> = [];
  for (const [id, byKey] of index) for (const [key, cell] of byKey) cells[cell] = [id, key];
  return { model, cells, index, attackers: cubeAttackers(model, finest, dimensions) };
}

/**
 * Every table of a cube (each subset of `dimensions`, named `tablePrefix` + its id) as cells of
 * the model: a cell sums the atoms of the entries that fall in it, and one whose atoms hold
 * nobody is left out (zeros are shown). Indicators' cubes and each stage of a funnel are built
 * by it. Returns table id -> cell key -> model cell.
 */
export function addCubeTables(
  model: PublicationModel,
  dimensions: readonly string[],
  entries: ReadonlyArray<{ values: CellValues; atoms: readonly number[] }>,
  tablePrefix: string,
  keyOf: (values: CellValues) => string,
): Map<string, Map<string, number>> {
  const index = new Map<string, Map<string, number>>();
  for (const subset of subsetsOf(dimensions)) {
    const id = tableId(subset);
    const found = new Map<string, { values: CellValues; atoms: number[] }>();
    for (const entry of entries) {
      const values = project(entry.values, subset);
      const key = keyOf(values);
      const cell = found.get(key) ?? { values, atoms: [] };
      cell.atoms.push(...entry.atoms);
      found.set(key, cell);
    }
    const byKey = new Map<string, number>();
    index.set(id, byKey);
    for (const [key, cell] of found) {
      if (!cell.atoms.some((a) => model.atoms[a] > 0)) continue;
      byKey.set(
        key,
        model.cells.push({ table: tablePrefix + id, values: cell.values.map((v) => ({ dimension: v.dimension, value: v.value })), atoms: cell.atoms }) - 1,
      );
    }
  }
  return index;
}

/**
 * Who reads a cube: a funder of the whole network (every table, every partner's drill-down), and
 * each partner's staff, who know their own partner's people exactly and read the network tables
 * (tables with PARTNER show them their own cells only, which they know already).
 */
function cubeAttackers(model: PublicationModel, finest: ReadonlyArray<{ values: CellValues }>, dimensions: readonly string[]): Attacker[] {
  const attackers: Attacker[] = [{ name: 'funder', known: [], sees: 'ALL' }];
  if (!dimensions.includes(PARTNER)) return attackers;
  const partnerOf = finest.map((c) => c.values.find((v) => v.dimension === PARTNER)!.value);
  const network = model.cells.map((c, i) => [c, i] as const).filter(([c]) => !c.values.some((v) => v.dimension === PARTNER));
  for (const partner of [...new Set(partnerOf)].sort()) {
    const known = partnerOf.flatMap((p, a) => (p === partner ? [a] : []));
    attackers.push({ name: `staff:${partner}`, known, sees: network.map(([, i]) => i) });
  }
  return attackers;
}

/**
 * The interval pass over a cube whose small cells and exact recoveries are already decided
 * (`suppress`): more cells hidden until no reader can narrow a small cell below the protection
 * level. What cannot be protected even then is withheld table by table; exposures left are
 * returned for the caller to refuse.
 */
export async function protectCube<M>(
  lattice: Map<string, LatticeTable<M>>,
  dimensions: readonly string[],
  decided: Suppressions,
  rule: DisclosureRule,
  keyOf: (values: CellValues) => string = cellKey,
): Promise<{ suppressions: Suppressions; unprotected: Array<{ attacker: string; cell: number }> }> {
  const cube = cubeModel(lattice, dimensions, keyOf);
  const status: CellStatus = new Map();
  for (const [id, reasons] of decided) {
    for (const [key, reason] of reasons) {
      const cell = cube.index.get(id)?.get(key);
      if (cell !== undefined) status.set(cell, reason);
    }
  }
  const { status: protectedStatus, unprotected } = await protectIntervals(cube.model, status, cube.attackers, rule);
  const suppressions: Suppressions = new Map([...decided.keys()].map((id) => [id, new Map()]));
  for (const [cell, reason] of protectedStatus) {
    const [id, key] = cube.cells[cell];
    if (!suppressions.has(id)) suppressions.set(id, new Map());
    suppressions.get(id)!.set(key, reason);
  }
  return { suppressions, unprotected };
}

/**
 * Suppression over a whole cube for roles other than the backbone: small cells and exact
 * recoveries first (`suppress`, fast linear algebra), then the interval pass. Should the interval
 * pass leave anything exposed, every table is withheld: a figure is never published narrow.
 */
export async function decideCube<M>(
  lattice: Map<string, LatticeTable<M>>,
  dimensions: readonly string[],
  rule: DisclosureRule,
  keyOf: (values: CellValues) => string = cellKey,
): Promise<Suppressions> {
  const linear = suppress(lattice, dimensions, rule.k, keyOf);
  const { suppressions, unprotected } = await protectCube(lattice, dimensions, linear, rule, keyOf);
  if (!unprotected.length) return suppressions;
  const withheld: Suppressions = new Map();
  for (const [id, table] of lattice) {
    withheld.set(id, new Map([...table.cells.values()].filter((c) => c.count > 0).map((c) => [c.key, 'TABLE_WITHHELD' as const])));
  }
  return withheld;
}
