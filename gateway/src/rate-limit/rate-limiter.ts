import { createHash } from 'node:crypto';
import { createClient } from 'redis';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterMs: number;
}

/** Requests per subject (a token's `sub`) in fixed windows. */
export interface RateLimiter {
  hit(subject: string): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  redisUrl?: string;
}

/** RATE_LIMIT_PER_MINUTE (unset or 0: off) and RATE_LIMIT_REDIS_URL (shared by gateway replicas). */
export function readRateLimitConfig(env: NodeJS.ProcessEnv): RateLimitConfig | null {
  const raw = env.RATE_LIMIT_PER_MINUTE;
  if (raw === undefined || raw === '' || raw === '0') return null;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`RATE_LIMIT_PER_MINUTE must be a whole number of requests (0: off); got "${raw}"`);
  // Replicas given REDIS_URL share one count without being told twice; RATE_LIMIT_REDIS_URL may put it elsewhere.
  const name = env.RATE_LIMIT_REDIS_URL ? 'RATE_LIMIT_REDIS_URL' : 'REDIS_URL';
  const redisUrl = env[name] || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error(`${name} must start with redis:// or rediss://`);
  return { limit, windowMs: 60_000, redisUrl };
}

/** Subjects are never stored in clear, in memory or in Redis. */
const subjectKey = (subject: string) => createHash('sha256').update(subject).digest('hex').slice(0, 32);

/** One gateway's own count; idle subjects are forgotten, so memory stays bounded. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { window: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(subject: string): Promise<RateLimitDecision> {
    const now = this.now();
    const window = Math.floor(now / this.windowMs);
    if (now - this.lastSweep >= this.windowMs) {
      this.lastSweep = now;
      for (const [key, entry] of this.windows) if (entry.window < window) this.windows.delete(key);
    }
    const key = subjectKey(subject);
    const entry = this.windows.get(key);
    const count = entry && entry.window === window ? entry.count + 1 : 1;
    this.windows.set(key, { window, count });
    return decision(count, this.limit, (window + 1) * this.windowMs - now);
  }

  /** subjects currently counted (for tests and health) */
  get size(): number {
    return this.windows.size;
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}

function decision(count: number, limit: number, resetInMs: number): RateLimitDecision {
  const allowed = count <= limit;
  return { allowed, limit, remaining: Math.max(0, limit - count), retryAfterMs: allowed ? 0 : Math.max(1, resetInMs) };
}

/**
 * A count shared by every gateway replica through Redis: INCR and PEXPIRE in one MULTI, keyed by
 * window and hashed subject. If Redis fails during a request the request is allowed (fail open:
 * an outage of the counter should not take the coalition's dashboards down) and `onError` is
 * told, so the gateway can log it.
 */
export class RedisRateLimiter implements RateLimiter {
  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly keyPrefix: string,
    private readonly onError: (error: Error) => void,
  ) {}

  static async connect(
    url: string,
    limit: number,
    windowMs: number,
    options: { keyPrefix?: string; onError?: (error: Error) => void } = {},
  ): Promise<RedisRateLimiter> {
    const where = (() => {
      try {
        const u = new URL(url);
        return `${u.hostname}:${u.port || 6379}`;
      } catch {
        return 'the configured URL';
      }
    })();
    const client = createClient({ url, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch {
      throw new Error(`The rate-limit Redis at ${where} is unreachable`);
    }
    return new RedisRateLimiter(client, limit, windowMs, options.keyPrefix ?? 'cg:rl:', options.onError ?? (() => undefined));
  }

  async hit(subject: string): Promise<RateLimitDecision> {
    const now = Date.now();
    const window = Math.floor(now / this.windowMs);
    const key = `${this.keyPrefix}${window}:${subjectKey(subject)}`;
    try {
      const [count] = (await this.client
        .multi()
        .incr(key)
        .pExpire(key, this.windowMs * 2)
        .exec()) as unknown as [number, unknown];
      return decision(Number(count), this.limit, (window + 1) * this.windowMs - now);
    } catch (error) {
      this.onError(error as Error);
      return { allowed: true, limit: this.limit, remaining: this.limit, retryAfterMs: 0 };
    }
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.quit();
  }
}

export async function createRateLimiter(config: RateLimitConfig, onError?: (error: Error) => void): Promise<RateLimiter> {
  return config.redisUrl
    ? RedisRateLimiter.connect(config.redisUrl, config.limit, config.windowMs, { onError })
    : new MemoryRateLimiter(config.limit, config.windowMs);
}
