import { MemoryRateLimiter, readRateLimitConfig } from './rate-limiter';

describe('in-memory rate limiter', () => {
  it('allows the limit per subject per window, then refuses until the window turns', async () => {
    let now = 60_000 * 100 + 10_000;
    const limiter = new MemoryRateLimiter(2, 60_000, () => now);
    expect((await limiter.hit('a')).allowed).toBe(true);
    expect(await limiter.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.hit('a')).toMatchObject({ allowed: false, retryAfterMs: 50_000 });
    expect((await limiter.hit('b')).allowed).toBe(true);
    now += 50_000;
    expect((await limiter.hit('a')).allowed).toBe(true);
  });

  it('forgets idle subjects', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(5, 1_000, () => now);
    for (let i = 0; i < 100; i++) await limiter.hit(`user-${i}`);
    expect(limiter.size).toBe(100);
    now += 2_000;
    await limiter.hit('late');
    expect(limiter.size).toBe(1);
  });
});

describe('rate limit configuration', () => {
  it('is off unless set, and names a bad variable', () => {
    expect(readRateLimitConfig({})).toBeNull();
    expect(readRateLimitConfig({ RATE_LIMIT_PER_MINUTE: '0' })).toBeNull();
    expect(readRateLimitConfig({ RATE_LIMIT_PER_MINUTE: '120', RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({
      limit: 120,
      windowMs: 60_000,
      redisUrl: 'redis://127.0.0.1:6379',
    });
    // Replicas configured with REDIS_URL alone share the count too; RATE_LIMIT_REDIS_URL wins when both are set.
    expect(readRateLimitConfig({ RATE_LIMIT_PER_MINUTE: '60', REDIS_URL: 'redis://shared:6379' })?.redisUrl).toBe('redis://shared:6379');
    expect(readRateLimitConfig({ RATE_LIMIT_PER_MINUTE: '60', REDIS_URL: 'redis://a:6379', RATE_LIMIT_REDIS_URL: 'redis://b:6379' })?.redisUrl).toBe(
      'redis://b:6379',
    );
    expect(() => readRateLimitConfig({ RATE_LIMIT_PER_MINUTE: '5', REDIS_URL: 'http://x' })).toThrow('REDIS_URL must start');
    expect(() => readRateLimitConfig({ RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow('RATE_LIMIT_PER_MINUTE');
    expect(() => readRateLimitConfig({ RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_REDIS_URL: 'http://x' })).toThrow('RATE_LIMIT_REDIS_URL');
  });
});
