import { createClient } from 'redis';
import { describeForLog } from '@coalition/shared';
import type { AnswerCache } from './answer-cache';

export interface RedisAnswerCacheOptions {
  /** Default `cg:answer:`. */
  keyPrefix?: string;
  /** How long Redis keeps an entry; default one day. Keys carry data versions, so this only bounds what stale entries occupy. */
  ttlSeconds?: number;
  /** A command not answered by then is a miss; default 500 ms. */
  commandTimeoutMs?: number;
  /** Where an outage is said, once per outage, and its end. */
  log?: (message: string) => void;
}

/** host:port of a Redis URL, for messages (never its password). */
function whereOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'the configured URL';
  }
}

/**
 * The answer cache shared by every gateway replica: JSON values under prefixed keys, with a TTL.
 * Redis is an optimisation here, never a dependency: a command that fails or is not answered in
 * time is a miss, the outage is logged once, and the client reconnects in the background. The
 * offline queue is off, so while Redis is away a command fails at once instead of waiting.
 */
export class RedisAnswerCache implements AnswerCache {
  private readonly client: ReturnType<typeof createClient>;
  private readonly keyPrefix: string;
  private readonly ttlSeconds: number;
  private readonly timeoutMs: number;
  private readonly log: (message: string) => void;
  private readonly where: string;
  private opening: Promise<void> | undefined;
  private available = true;
  private closed = false;

  constructor(url: string, options: RedisAnswerCacheOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'cg:answer:';
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.timeoutMs = options.commandTimeoutMs ?? 500;
    this.log = options.log ?? (() => undefined);
    this.where = whereOf(url);
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2_000) },
    });
    this.client.on('error', (error) => this.unavailable(error));
    this.client.on('ready', () => this.back());
  }

  /** Starts connecting; resolves once connected or once the first attempt has failed (retries go on in the background). */
  open(): Promise<void> {
    this.opening ??= new Promise<void>((resolve) => {
      const settled = () => {
        this.client.off('ready', settled);
        this.client.off('error', settled);
        resolve();
      };
      this.client.once('ready', settled);
      this.client.once('error', settled);
      this.client.connect().catch((error: unknown) => {
        this.unavailable(error);
        settled();
      });
    });
    return this.opening;
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (!this.ready()) return undefined;
    let text: string | null;
    try {
      text = await this.timed(this.client.get(`${this.keyPrefix}${key}`));
    } catch (error) {
      this.unavailable(error);
      return undefined;
    }
    try {
      return text === null ? undefined : (JSON.parse(text) as T);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined || !this.ready()) return;
    try {
      await this.timed(this.client.set(`${this.keyPrefix}${key}`, text, { expiration: { type: 'EX', value: this.ttlSeconds } }));
    } catch (error) {
      this.unavailable(error);
    }
  }

  /** Drops the connection at once: nothing waits on the cache, and a lost Redis never answers a graceful close. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.client.isOpen) this.client.destroy();
  }

  /** Connected now; a cache nobody opened starts connecting on first use. */
  private ready(): boolean {
    if (this.closed) return false;
    void this.open();
    return this.client.isReady;
  }

  /** Our own deadline: the client's stops counting once a command is written, and a silent Redis would hold the request. */
  private async timed<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { name: 'AnswerCacheTimeout' })), this.timeoutMs);
    });
    try {
      return await Promise.race([command, silent]);
    } finally {
      clearTimeout(timer);
    }
  }

  private unavailable(error: unknown): void {
    if (!this.available || this.closed) return;
    this.available = false;
    this.log(`answer cache: Redis at ${this.where} is unavailable (${describeForLog(error)}); answering without it until it is back`);
  }

  private back(): void {
    if (this.available) return;
    this.available = true;
    this.log(`answer cache: Redis at ${this.where} is back`);
  }
}
