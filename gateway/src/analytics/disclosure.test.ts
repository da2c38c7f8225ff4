import fc from 'fast-check';
import { cellKey, type Dimension } from '@coalition/shared';
import { buildLattice, subsetsOf, tableId, type LatticeCell } from './lattice';
import { suppress } from './disclosure';
import { publish, tablesFor } from './figures';

/**
 * The attacker: everything published by every query over every subset of the dimensions, as
 * exact linear equations over the finest cells (published zeros included). A suppressed cell
 * with people in it is recovered when its cell vector is a rational combination of published
 * ones. Exact integer elimination, independent of the gateway's own modular check.
 */
class Attacker {
  private readonly rows = new Map<number, bigint[]>();

  constructor(private readonly width: number) {}

  private reduce(vector: bigint[]): number {
    for (let c = 0; c < this.width; c++) {
      if (vector[c] === 0n) continue;
      const row = this.rows.get(c);
      if (!row) return c;
      const [a, b] = [row[c], vector[c]];
      for (let j = 0; j < this.width; j++) vector[j] = vector[j] * a - row[j] * b;
      const g = vector.reduce((acc, x) => gcd(acc, x < 0n ? -x : x), 0n);
      if (g > 1n) for (let j = 0; j < this.width; j++) vector[j] /= g;
    }
    return -1;
  }

  learn(vector: bigint[]): void {
    const v = [...vector];
    const pivot = this.reduce(v);
    if (pivot >= 0) this.rows.set(pivot, v);
  }

  canCompute(vector: bigint[]): boolean {
    return this.reduce([...vector]) < 0;
  }
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

type Domains = Record<string, string[]>;

function finestCells(domains: Domains, counts: number[]): Array<{ values: Array<{ dimension: string; value: string }>; count: number }> {
  const dims = Object.keys(domains);
  const cells: Array<{ values: Array<{ dimension: string; value: string }>; count: number }> = [];
  const walk = (i: number, values: Array<{ dimension: string; value: string }>) => {
    if (i === dims.length) {
      cells.push({ values, count: counts[cells.length] });
      return;
    }
    for (const value of domains[dims[i]]) walk(i + 1, [...values, { dimension: dims[i], value }]);
  };
  walk(0, []);
  return cells;
}

/**
 * Every query reads from one cube decided once, so the union of all queries is every table of
 * the cube: the attacker gets all of them, zeros always known.
 */
function attack(domains: Domains, counts: number[], k: number) {
  const universe = finestCells(domains, counts);
  const dims = Object.keys(domains);
  const vectorOf = (values: ReadonlyArray<{ dimension: string; value: string }>) =>
    universe.map((cell) => (values.every((v) => cell.values.some((c) => c.dimension === v.dimension && c.value === v.value)) ? 1n : 0n));
  const attacker = new Attacker(universe.length);
  const secrets: Array<{ key: string; count: number; vector: bigint[] }> = [];
  // What the gateway sees: the non-empty finest cells.
  const finest: Array<LatticeCell<null>> = universe
    .filter((c) => c.count > 0)
    .map((c) => ({ key: cellKey(c.values), values: c.values, count: c.count, measures: null }));
  const lattice = buildLattice(dims, finest, () => null);
  const statuses = suppress(lattice, dims, k);
  for (const subset of subsetsOf(dims)) {
    const status = statuses.get(tableId(subset))!;
    const cells = lattice.get(tableId(subset))!.cells;
    for (const values of finestCells(Object.fromEntries(subset.map((d) => [d, domains[d]])), []).map((c) => c.values)) {
      const key = cellKey(values);
      const count = cells.get(key)?.count ?? 0;
      if (count === 0 || !status.has(key)) attacker.learn(vectorOf(values));
      else secrets.push({ key: `${tableId(subset)}:${key}`, count, vector: vectorOf(values) });
      if (count > 0 && count < k) expect({ key, hidden: status.has(key) }).toEqual({ key, hidden: true });
    }
  }
  return secrets.filter((s) => attacker.canCompute(s.vector)).map((s) => `${s.key} (${s.count})`);
}

describe('disclosure control', () => {
  it('suppresses a lone small cell and one more in its row and column', () => {
    const domains = { SEX: ['F', 'M'], RACE: ['A', 'B', 'C'] };
    // F: 3, 20, 30; M: 25, 40, 50
    expect(attack(domains, [3, 20, 30, 25, 40, 50], 11)).toEqual([]);
  });

  it('publishes everything when no cell is small', () => {
    const finest = [
      { key: 'SEX=F', values: [{ dimension: 'SEX', value: 'F' }], count: 30, measures: null },
      { key: 'SEX=M', values: [{ dimension: 'SEX', value: 'M' }], count: 40, measures: null },
    ];
    const statuses = suppress(
      buildLattice(['SEX'], finest, () => null),
      ['SEX'],
      11,
    );
    expect([...statuses.values()].map((s) => s.size)).toEqual([0, 0]);
  });

  it('hides a second cell when one small cell could be taken from the total', () => {
    const finest = [
      { key: 'SEX=F', values: [{ dimension: 'SEX', value: 'F' }], count: 4, measures: null },
      { key: 'SEX=M', values: [{ dimension: 'SEX', value: 'M' }], count: 40, measures: null },
      { key: 'SEX=X', values: [{ dimension: 'SEX', value: 'X' }], count: 25, measures: null },
    ];
    const status = suppress(
      buildLattice(['SEX'], finest, () => null),
      ['SEX'],
      11,
    ).get('SEX')!;
    expect(Object.fromEntries(status)).toEqual({ 'SEX=F': 'SMALL_CELL', 'SEX=X': 'COMPLEMENTARY' });
  });

  it('no suppressed value is recoverable from all the tables of a three-dimension cube together (property)', () => {
    const domains = { PARTNER: ['a', 'b'], SEX: ['F', 'M', 'N'], RACE: ['A', 'B', 'C'] };
    // Mostly small and zero cells: the hard case.
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 10, max: 60 }));
    fc.assert(
      fc.property(fc.array(count, { minLength: 18, maxLength: 18 }), fc.constantFrom(3, 5, 11), (counts, k) => {
        expect(attack(domains, counts, k)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('no suppressed value is recoverable from all the tables of a four-dimension cube together (property)', () => {
    const domains = { PARTNER: ['a', 'b'], SEX: ['F', 'M'], RACE: ['A', 'B'], AGE: ['y', 'o'] };
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 40 }));
    fc.assert(
      fc.property(fc.array(count, { minLength: 16, maxLength: 16 }), (counts) => {
        expect(attack(domains, counts, 11)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('disclosure control through the published answer (figures, comparison period, drill-down)', () => {
  it('no suppressed value is recoverable from every query with a comparison period and its changes (property)', async () => {
    const domains = { PARTNER: ['a', 'b'], SEX: ['F', 'M', 'N'] };
    const dims = Object.keys(domains);
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 10, max: 40 }));
    await fc.assert(
      fc.asyncProperty(fc.array(count, { minLength: 12, maxLength: 12 }), fc.constantFrom<'ALL' | string[]>('ALL', ['a'], []), async (counts, visible) => {
        const universes = [finestCells(domains, counts.slice(0, 6)), finestCells(domains, counts.slice(6))];
        const width = universes[0].length + universes[1].length;
        // A cell of period p (0 current, 1 previous) as a vector over both periods' finest cells.
        const vectorOf = (p: number, values: ReadonlyArray<{ dimension: string; value: string }>, sign = 1n) => {
          const v = new Array<bigint>(width).fill(0n);
          universes[p].forEach((cell, i) => {
            if (values.every((x) => cell.values.some((c) => c.dimension === x.dimension && c.value === x.value))) v[p * universes[0].length + i] = sign;
          });
          return v;
        };
        const publications = await Promise.all(
          universes.map((universe) =>
            publish(
              dims,
              {
                cells: universe
                  .filter((c) => c.count > 0)
                  .map((c) => ({ key: cellKey(c.values), values: c.values, count: c.count, measures: { numerator: null, sum: null, values: null } })),
              },
              { k: 11, p: 3 },
            ),
          ),
        );
        const attacker = new Attacker(width);
        const secrets: string[] = [];
        const secretVectors: bigint[][] = [];
        for (const by of subsetsOf(dims)) {
          const scope = visible === 'ALL' ? 'ALL' : new Set(visible);
          for (const table of tablesFor('COUNT', by as Dimension[], publications[0], publications[1], scope)) {
            for (const cell of table.cells) {
              [cell.current, cell.previous!].forEach((figure, p) => {
                const truth = publications[p].lattice.get(tableId(table.dimensions))!.cells.get(cell.key)?.count ?? 0;
                if (figure.suppressed) {
                  expect(figure.people).toBeNull();
                  // A cell of k or more hidden as a partner's remainder (for its staff) may be computed by a funder who reads every partner: it is not small.
                  if (truth > 0 && truth < 11) {
                    secrets.push(`${p ? 'previous' : 'current'} ${tableId(table.dimensions)}:${cell.key} (${truth})`);
                    secretVectors.push(vectorOf(p, cell.values));
                  }
                } else {
                  expect(figure.people).toBe(truth);
                  attacker.learn(vectorOf(p, cell.values));
                }
              });
              if (cell.change !== null) attacker.learn(vectorOf(0, cell.values).map((x, i) => x + vectorOf(1, cell.values, -1n)[i]));
            }
          }
        }
        // Zeros are known in both periods.
        for (const [p, universe] of universes.entries()) {
          for (const cell of universe) if (cell.count === 0) attacker.learn(vectorOf(p, cell.values));
        }
        expect(secrets.filter((_s, i) => attacker.canCompute(secretVectors[i]))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
