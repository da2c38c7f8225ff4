import { createClient } from 'redis';

/**
 * Where a subgraph remembers the proofs it has accepted, until they expire. In memory for one
 * process; in Redis when several replicas serve one URL, or a proof captured once could be
 * replayed once to each replica.
 */
export interface ReplayStore {
  /** true the first time `id` is claimed before `expiresAtMs`, false after; rejects when the store cannot answer */
  claim(id: string, expiresAtMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** One process's memory: expired ids are swept at most once a second, so memory stays bounded. */
export class MemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async claim(id: string, expiresAtMs: number): Promise<boolean> {
    const now = this.now();
    if (now - this.lastSweep >= 1000) {
      this.lastSweep = now;
      for (const [seenId, expires] of this.seen) if (expires < now) this.seen.delete(seenId);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, expiresAtMs);
    return true;
  }

  /** ids currently remembered (for tests) */
  get size(): number {
    return this.seen.size;
  }

  async close(): Promise<void> {
    this.seen.clear();
  }
}

/** Raised when the shared store could not say whether a proof was seen; the verifier refuses with 503. */
export class ReplayStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the replay check store (Redis) did not answer', { cause });
    this.name = 'ReplayStoreUnavailableError';
  }
}

export interface RedisReplayStoreOptions {
  /** default "cg:proof:"; tests use their own so runs never meet */
  keyPrefix?: string;
  /** told of every failed check (the error only: never a proof or its id), so the service can log it */
  onError?: (error: unknown) => void;
  /** a check that has not answered by then fails (default 2000) */
  commandTimeoutMs?: number;
}

const describeRedis = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return 'the configured URL';
  }
};

/**
 * Shared by every replica: `SET key 1 NX PX ttl` is atomic, so of two replicas given the same
 * proof exactly one is told it is new. While Redis is unreachable, checks fail at once (no
 * offline queue) rather than waiting, and the client keeps reconnecting in the background.
 */
export class RedisReplayStore implements ReplayStore {
  private closed = false;

  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly keyPrefix: string,
    private readonly onError: (error: unknown) => void,
    private readonly timeoutMs: number,
  ) {}

  /** Connects now: a service configured with Redis that cannot reach it does not start. */
  static async connect(url: string, options: RedisReplayStoreOptions = {}): Promise<RedisReplayStore> {
    let connected = false;
    const client = createClient({
      url,
      disableOfflineQueue: true,
      // Retry forever once up (an outage passes), but not the first connection (a wrong URL should stop the start).
      socket: { connectTimeout: 3_000, reconnectStrategy: (retries) => (connected ? Math.min(100 * 2 ** retries, 2_000) : false) },
    });
    // Connection errors surface as failed checks (and onError); an unhandled 'error' event would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      connected = true;
    } catch {
      if (client.isOpen) client.destroy();
      throw new Error(`The replay-check Redis at ${describeRedis(url)} is unreachable`);
    }
    return new RedisReplayStore(client, options.keyPrefix ?? 'cg:proof:', options.onError ?? (() => undefined), options.commandTimeoutMs ?? 2_000);
  }

  async claim(id: string, expiresAtMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(expiresAtMs - Date.now()));
    let timer: NodeJS.Timeout | undefined;
    // Our own timer: the client's command timeout stops counting once a command is written, and a
    // Redis that has gone silent (not closed) would otherwise hold every request until TCP gives up.
    const silent = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { name: 'ReplayStoreTimeout' })), this.timeoutMs);
    });
    try {
      const reply = await Promise.race([this.client.set(`${this.keyPrefix}${id}`, '1', { condition: 'NX', expiration: { type: 'PX', value: ttl } }), silent]);
      return reply === 'OK';
    } catch (error) {
      if (!this.closed) this.onError(error);
      throw new ReplayStoreUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Drops the connection at once. The server has stopped by now, so nothing waits on a check; and
   * the client's graceful close waits for replies that a lost Redis never sends.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.client.isOpen) this.client.destroy();
  }
}

/** REDIS_URL-style setting: unset means in memory; anything else must be a redis:// or rediss:// URL. */
export function parseRedisUrl(variable: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^rediss?:\/\//.test(value)) throw new Error(`${variable} must start with redis:// or rediss://`);
  return value;
}

export async function createReplayStore(redisUrl: string | undefined, options: RedisReplayStoreOptions = {}): Promise<ReplayStore> {
  return redisUrl ? RedisReplayStore.connect(redisUrl, options) : new MemoryReplayStore();
}
