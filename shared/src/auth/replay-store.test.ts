import { MemoryReplayStore, parseRedisUrl } from './replay-store';

describe('in-memory replay store', () => {
  it('claims an id once, and forgets it once it has expired', async () => {
    let now = 10_000;
    const store = new MemoryReplayStore(() => now);
    expect(await store.claim('a', 12_000)).toBe(true);
    expect(await store.claim('a', 12_000)).toBe(false);
    expect(await store.claim('b', 12_000)).toBe(true);
    now = 13_000;
    await store.claim('c', 20_000);
    expect(store.size).toBe(1);
  });
});

describe('REDIS_URL', () => {
  it('is optional, and must be a redis URL when set', () => {
    expect(parseRedisUrl('REDIS_URL', undefined)).toBeUndefined();
    expect(parseRedisUrl('REDIS_URL', '')).toBeUndefined();
    expect(parseRedisUrl('REDIS_URL', 'rediss://cache:6380')).toBe('rediss://cache:6380');
    expect(() => parseRedisUrl('REDIS_URL', 'cache:6379')).toThrow('REDIS_URL must start with redis:// or rediss://');
  });
});
