import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { RedisAnswerCache } from './redis-cache';

const REDIS_URL = process.env.CG_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

describe('the Redis answer cache (a real Redis)', () => {
  const caches: RedisAnswerCache[] = [];
  const open = async (url: string, options: ConstructorParameters<typeof RedisAnswerCache>[1] = {}) => {
    const cache = new RedisAnswerCache(url, options);
    caches.push(cache);
    await cache.open();
    return cache;
  };

  afterAll(async () => {
    for (const cache of caches) await cache.close();
  });

  it('keeps JSON values under prefixed keys with a TTL, shared by every gateway using the same Redis', async () => {
    const prefix = `cg:test:answer:${randomUUID()}:`;
    const one = await open(REDIS_URL, { keyPrefix: prefix, ttlSeconds: 60 });
    const two = await open(REDIS_URL, { keyPrefix: prefix, ttlSeconds: 60 });
    await one.set('q', { figure: 42, cells: ['a', 'b'] });
    expect(await two.get('q')).toEqual({ figure: 42, cells: ['a', 'b'] });
    expect(await two.get('nothing')).toBeUndefined();
    const raw = createClient({ url: REDIS_URL });
    await raw.connect();
    try {
      expect(JSON.parse((await raw.get(`${prefix}q`))!)).toEqual({ figure: 42, cells: ['a', 'b'] });
      const ttl = await raw.ttl(`${prefix}q`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
      await raw.del(`${prefix}q`);
    } finally {
      await raw.quit();
    }
  });

  it('uses cg:answer: as its prefix by default', async () => {
    const cache = await open(REDIS_URL);
    const key = `test:${randomUUID()}`;
    await cache.set(key, 1);
    const raw = createClient({ url: REDIS_URL });
    await raw.connect();
    try {
      expect(await raw.get(`cg:answer:${key}`)).toBe('1');
      await raw.del(`cg:answer:${key}`);
    } finally {
      await raw.quit();
    }
  });

  it('an unreachable Redis is a miss, never an error, and is logged once for the whole outage', async () => {
    const logs: string[] = [];
    const cache = await open('redis://127.0.0.1:1', { log: (m) => logs.push(m) });
    await expect(cache.set('q', { figure: 1 })).resolves.toBeUndefined();
    await expect(cache.get('q')).resolves.toBeUndefined();
    for (let i = 0; i < 5; i++) await cache.get(`q${i}`);
    // The client keeps retrying in the background: still one line.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/answer cache: Redis at 127\.0\.0\.1:1 is unavailable .*answering without it/);
  });
});
