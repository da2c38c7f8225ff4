import { MemoryAnswerCache } from './memory-cache';

describe('the in-memory answer cache', () => {
  it('gives back what was set, as a copy: a caller changing its answer does not change the kept one', async () => {
    const cache = new MemoryAnswerCache(1_000_000);
    await cache.set('a', { cells: [{ key: 'SEX=F', people: 12 }] });
    const first = await cache.get<{ cells: Array<{ people: number }> }>('a');
    expect(first).toEqual({ cells: [{ key: 'SEX=F', people: 12 }] });
    first!.cells[0].people = 0;
    expect(await cache.get('a')).toEqual({ cells: [{ key: 'SEX=F', people: 12 }] });
    expect(await cache.get('b')).toBeUndefined();
  });

  it('stays within its size in bytes: the least recently used entries go first', async () => {
    // Each entry is about 1,000 bytes serialized: 5 fit in 5,500 bytes, the sixth evicts the least recently used.
    const cache = new MemoryAnswerCache(5_500);
    const value = (i: number) => ({ i, padding: 'x'.repeat(980) });
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, value(i));
    expect(await cache.get('k0')).toEqual(value(0));
    await cache.set('k5', value(5));
    expect(cache.bytes).toBeLessThanOrEqual(5_500);
    expect(await cache.get('k1')).toBeUndefined();
    for (const i of [0, 2, 3, 4, 5]) expect(await cache.get(`k${i}`)).toEqual(value(i));
  });

  it('keeps nothing larger than the whole cache', async () => {
    const cache = new MemoryAnswerCache(100);
    await cache.set('big', { padding: 'x'.repeat(200) });
    expect(await cache.get('big')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});
