import fc from 'fast-check';
import loadHighs, { type Highs } from 'highs';
import { cellKey } from '@coalition/shared';
import { buildLattice, subsetsOf, tableId, type LatticeTable } from '../lattice';
import { decideFunnel } from './funnel';
import { decideCube } from './cube';

/**
 * The attacker of these properties is a linear program written here, apart from the gateway's
 * own check (./attacker-view.ts, ./protect.ts, ./solver.ts): it reads every table of both populations as CPLEX LP
 * text, knows that zeros are zeros, that a hidden cell is not empty, that the second population
 * lies within the first (every person of B is a person of A), and, for a partner's staff, every
 * count of its own partner. For every hidden cell of 1 to k-1 people it does not know, it
 * computes the interval it can derive and checks the protection rule: p above the true value,
 * and p below it or down to the least value the pattern of zeros and hidden cells alone allows.
 */
type Values = Array<{ dimension: string; value: string }>;
type Cell = { population: number; table: string; key: string; values: Values; count: number; hidden: boolean };

const K = 11;
const P = 3;

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

function finest(domains: Record<string, string[]>): Values[] {
  let rows: Values[] = [[]];
  for (const [dimension, values] of Object.entries(domains)) rows = rows.flatMap((row) => values.map((value) => [...row, { dimension, value }]));
  return rows;
}

const contains = (cell: Values, fine: Values) => cell.every((v) => fine.some((f) => f.dimension === v.dimension && f.value === v.value));

/** The bound of Σ vars over the LP: min or max; Infinity when unbounded. */
function bound(lp: { constraints: string[]; vars: string[] }, objective: string[], sense: 'Minimize' | 'Maximize'): number {
  const text = [
    sense,
    ` obj: ${objective.length ? objective.join(' + ') : `0 ${lp.vars[0]}`}`,
    'Subject To',
    ...lp.constraints.map((c, i) => ` c${i}: ${c}`),
    'Bounds',
    ...lp.vars.map((v) => ` ${v} >= 0`),
    'End',
  ].join('\n');
  const result = highs.solve(text, { output_flag: false });
  if (result.Status === 'Unbounded') return sense === 'Maximize' ? Infinity : -Infinity;
  if (result.Status !== 'Optimal') throw new Error(`attacker LP: ${result.Status}`);
  return result.ObjectiveValue;
}

/**
 * Checks every hidden sensitive cell against what one attacker derives. `known(population, fine)`
 * gives the attacker's own count of a finest cell, or null; `sees(cell)` what it reads.
 */
function attack(
  domains: Record<string, string[]>,
  counts: number[][],
  cells: Cell[],
  known: (population: number, fine: Values) => number | null,
  sees: (cell: Cell) => boolean,
): string[] {
  const fines = finest(domains);
  const name = (population: number, f: number) => `x${population}_${f}`;
  const vars = counts.flatMap((_c, population) => fines.map((_f, f) => name(population, f)));
  const pattern: string[] = [];
  const all: string[] = [];
  // What everyone knows: B within A, cell by cell; the attacker's own counts.
  for (let f = 0; f < fines.length; f++) {
    for (let population = 1; population < counts.length; population++) pattern.push(`${name(population, f)} - ${name(population - 1, f)} <= 0`);
    for (let population = 0; population < counts.length; population++) {
      const own = known(population, fines[f]);
      if (own !== null) pattern.push(`${name(population, f)} = ${own}`);
    }
  }
  const sum = (cell: Cell) => fines.flatMap((fine, f) => (contains(cell.values, fine) ? [name(cell.population, f)] : []));
  for (const cell of cells.filter(sees)) {
    const terms = sum(cell).join(' + ');
    if (cell.count === 0) pattern.push(`${terms} = 0`);
    else if (cell.hidden) pattern.push(`${terms} >= 1`);
    else all.push(`${terms} = ${cell.count}`);
  }
  const failures: string[] = [];
  for (const cell of cells.filter((c) => sees(c) && c.hidden && c.count > 0)) {
    const terms = sum(cell);
    const own = fines.reduce((acc, fine, f) => acc + (contains(cell.values, fine) ? (known(cell.population, fines[f]) ?? 0) : 0), 0);
    const unknown = cell.count - own;
    if (unknown < 1 || unknown >= K) continue;
    const lp = { constraints: [...pattern, ...all], vars };
    const high = Math.floor(bound(lp, terms, 'Maximize') + 1e-6);
    const low = Math.ceil(bound(lp, terms, 'Minimize') - 1e-6);
    const floor = Math.ceil(bound({ constraints: pattern, vars }, terms, 'Minimize') - 1e-6);
    // The upper end likewise may rest where what the attacker knew alone caps it (nested populations bound a later one by an earlier one it knows).
    const ceiling = Math.floor(bound({ constraints: pattern, vars }, terms, 'Maximize') + 1e-6);
    if (high < Math.min(cell.count + P, ceiling) || low > Math.max(cell.count - P, floor)) {
      failures.push(`B${cell.population} ${cell.table}:${cell.key} = ${cell.count}, derived [${low}, ${high}], floor ${floor}, ceiling ${ceiling}`);
    }
  }
  return failures;
}

function publication(domains: Record<string, string[]>, counts: number[][], hiddenOf: (population: number, table: string, key: string) => boolean): Cell[] {
  const dims = Object.keys(domains);
  const fines = finest(domains);
  const cells: Cell[] = [];
  counts.forEach((populationCounts, population) => {
    for (const subset of subsetsOf(dims)) {
      const seen = new Map<string, Cell>();
      fines.forEach((fine, f) => {
        const values = fine.filter((v) => subset.includes(v.dimension));
        const key = cellKey(values);
        const cell = seen.get(key) ?? { population, table: tableId(subset), key, values, count: 0, hidden: false };
        cell.count += populationCounts[f];
        seen.set(key, cell);
      });
      for (const cell of seen.values()) cells.push({ ...cell, hidden: cell.count > 0 && hiddenOf(population, cell.table, cell.key) });
    }
  });
  return cells;
}

function latticeOf(domains: Record<string, string[]>, counts: number[]): Map<string, LatticeTable<null>> {
  const fines = finest(domains);
  const cells = fines.flatMap((values, f) => (counts[f] > 0 ? [{ key: cellKey(values), values, count: counts[f], measures: null }] : []));
  return buildLattice(Object.keys(domains), cells, () => null);
}

/** Every reader: a funder of the whole network, and each partner's staff (own counts known, network tables read). */
function everyAttack(domains: Record<string, string[]>, counts: number[][], cells: Cell[]): string[] {
  const fines = finest(domains);
  const index = new Map(fines.map((fine, f) => [cellKey(fine), f]));
  const failures = attack(
    domains,
    counts,
    cells,
    () => null,
    () => true,
  ).map((f) => `funder: ${f}`);
  for (const partner of domains.PARTNER) {
    const own = (population: number, fine: Values) =>
      fine.some((v) => v.dimension === 'PARTNER' && v.value === partner) ? counts[population][index.get(cellKey(fine))!] : null;
    const sees = (cell: Cell) => !cell.values.some((v) => v.dimension === 'PARTNER');
    failures.push(...attack(domains, counts, cells, own, sees).map((f) => `staff ${partner}: ${f}`));
  }
  return failures;
}

/** Mostly small and empty cells: the hard case. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 40 }));

describe('protection intervals against an LP attacker', () => {
  const domains = { PARTNER: ['a', 'b'], SEX: ['F', 'M', 'N'], AGE: ['y', 'o'] };
  const size = 12;

  it('no reader narrows a hidden small cell of one cube to within p (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(count, { minLength: size, maxLength: size }), async (counts) => {
        const decided = await decideCube(latticeOf(domains, counts), Object.keys(domains), { k: K, p: P });
        const cells = publication(domains, [counts], (_p, table, key) => decided.get(table)?.has(key) ?? false);
        expect(everyAttack(domains, [counts], cells)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('no reader narrows a hidden small cell of two nested populations published together to within p (property)', async () => {
    const nested = fc
      .array(fc.tuple(count, fc.double({ min: 0, max: 1, noNaN: true })), { minLength: size, maxLength: size })
      .map((pairs) => [pairs.map(([a]) => a), pairs.map(([a, share]) => Math.floor(a * share))]);
    await fc.assert(
      fc.asyncProperty(nested, async (counts) => {
        const decided = await decideFunnel(
          { dimensions: Object.keys(domains), stages: counts.map((c) => latticeOf(domains, c)), transitions: [] },
          { k: K, p: P },
        );
        const cells = publication(domains, counts, (population, table, key) => decided.stages[population].get(table)?.has(key) ?? false);
        expect(everyAttack(domains, counts, cells)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('finds the narrow interval the linear check misses: a margin equal to its number of hidden non-empty cells', () => {
    // SEX=N is 2 over two hidden cells of one person each: hidden, yet each is pinned at 1.
    const small = { PARTNER: ['a', 'b'], SEX: ['F', 'N'] };
    const counts = [[30, 1, 25, 1]];
    const cells = publication(small, counts, (_p, table, key) => table === 'PARTNER,SEX' && key.includes('SEX=N'));
    expect(everyAttack(small, counts, cells).length).toBeGreaterThan(0);
  });
});
