import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cellKey } from '@coalition/shared';
import type { Suppressions } from './disclosure';
import { SuppressionCache } from './figures';
import { buildLattice, type LatticeCell } from './lattice';
import { loadSolver } from './protection/solver';
import { decideInline, INLINE_MAX_FINEST_CELLS, SuppressionPool, type SuppressionDecider } from './suppression-pool';

/** A cube with `sizes[i]` values on dimension i: a fifth empty, a quarter small, the rest 11 to 70 (a fixed pseudo-random draw). */
function cube(sizes: number[], seed: number, order: 'canonical' | 'reversed' = 'canonical') {
  const dimensions = sizes.map((_, i) => `D${i}`);
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const cells: Array<LatticeCell<null>> = [];
  const fill = (i: number, values: Array<{ dimension: string; value: string }>) => {
    if (i === sizes.length) {
      const r = next();
      const count = r < 0.2 ? 0 : r < 0.45 ? 1 + Math.floor(next() * 10) : 11 + Math.floor(next() * 60);
      // Values as a caller may give them: the key is the canonical one, the order is theirs.
      if (count) cells.push({ key: cellKey(values), values: order === 'reversed' ? [...values].reverse() : values, count, measures: null });
      return;
    }
    for (let v = 0; v < sizes[i]; v++) fill(i + 1, [...values, { dimension: dimensions[i], value: `v${v}` }]);
  };
  fill(0, []);
  return { dimensions, lattice: buildLattice(dimensions, cells, () => null), finest: cells.length };
}

const plain = (decided: Suppressions) => [...decided].map(([id, cells]) => [id, [...cells]]);

describe('suppression in worker threads', () => {
  const pool = new SuppressionPool(1);
  afterAll(() => pool.close());

  it('decides exactly what the event loop would, table by table and cell by cell', async () => {
    for (const [sizes, seed, order] of [
      [[3, 3, 3], 1, 'canonical'],
      [[2, 3, 3, 2], 2, 'canonical'],
      [[3, 4, 2], 3, 'reversed'],
      [[4, 3, 4, 2], 4, 'canonical'],
    ] as const) {
      const { dimensions, lattice, finest } = cube([...sizes], seed, order);
      expect(finest).toBeGreaterThan(INLINE_MAX_FINEST_CELLS);
      const inline = await decideInline.decide(lattice, dimensions, { k: 11, p: 3 });
      expect(plain(await pool.decide(lattice, dimensions, { k: 11, p: 3 }))).toEqual(plain(inline));
    }
  });

  it('keeps the event loop free while a big cube is decided', async () => {
    // About 380 non-empty finest cells: a second or two on the event loop. The solver is loaded
    // first (once per thread, asynchronously), so that inline the decision is one blocking turn.
    await loadSolver();
    const { dimensions, lattice } = cube([6, 4, 5, 4], 5);
    const watch = async (decider: SuppressionDecider) => {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      delay.enable();
      // Started once the monitor has sampled the loop, and watched a little after, so that it sees the turn the decision may block.
      const { decided, during } = await new Promise<{ decided: Suppressions; during: number }>((resolve, reject) =>
        setTimeout(() => {
          const before = ticks;
          decider.decide(lattice, dimensions, { k: 11, p: 3 }).then((decided) => resolve({ decided, during: ticks - before }), reject);
        }, 20),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      delay.disable();
      clearInterval(timer);
      return { decided, ticks: during, maxDelayMs: delay.max / 1e6 };
    };
    const inline = await watch(decideInline);
    const pooled = await watch(pool);
    expect(plain(pooled.decided)).toEqual(plain(inline.decided));
    // Inline, no timer fires while the cube is decided; in the pool they keep firing, within a few ms.
    expect(inline.ticks).toBe(0);
    expect(pooled.ticks).toBeGreaterThan(10);
    expect(pooled.maxDelayMs).toBeLessThan(50);
    expect(pooled.maxDelayMs).toBeLessThan(inline.maxDelayMs / 4);
  });

  it('decides small cubes inline, and refuses big ones once closed', async () => {
    const closed = new SuppressionPool(1);
    await closed.close();
    const small = cube([2, 3], 6);
    expect(small.finest).toBeLessThanOrEqual(INLINE_MAX_FINEST_CELLS);
    expect(plain(await closed.decide(small.lattice, small.dimensions, { k: 11, p: 3 }))).toEqual(
      plain(await decideInline.decide(small.lattice, small.dimensions, { k: 11, p: 3 })),
    );
    const big = cube([3, 3, 3], 1);
    await expect(closed.decide(big.lattice, big.dimensions, { k: 11, p: 3 })).rejects.toThrow('the disclosure worker pool is closed');
  });

  it('answers a repeated cube from the cache on the main thread, asking the pool once', async () => {
    const asked: number[] = [];
    const counting: SuppressionDecider = {
      decide: (lattice, dimensions, rule) => {
        asked.push(rule.k);
        return pool.decide(lattice, dimensions, rule);
      },
      decideFunnel: (counts, rule) => pool.decideFunnel(counts, rule),
    };
    const cache = new SuppressionCache(4, counting);
    const { dimensions, lattice } = cube([3, 3, 3], 1);
    const [a, b] = await Promise.all([cache.decide(lattice, dimensions, { k: 11, p: 3 }), cache.decide(lattice, dimensions, { k: 11, p: 3 })]);
    const c = await cache.decide(lattice, dimensions, { k: 11, p: 3 });
    expect(asked).toEqual([11]);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });
});
