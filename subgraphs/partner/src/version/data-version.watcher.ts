import { Client, type Notification } from 'pg';
import { describeForLog } from '@coalition/shared';
import { DATA_VERSION_CHANNEL, readDataVersion } from './data-version';

export interface DataVersionWatcherOptions {
  /** The schema holding data_version (the partner's search path). */
  schema: string;
  logError?: (message: string) => void;
  /** First wait before reconnecting after the connection is lost; doubles up to 30 s. Default 500 ms. */
  retryMs?: number;
}

const MAX_RETRY_MS = 30_000;

/**
 * Keeps a tables-mode partner's data version in memory: one connection of its own (not the
 * TypeORM pool, so its reads are not request SQL) LISTENs on the triggers' channel, and reads the
 * version after every (re)connect. While it is not listening it knows nothing, and readers fall
 * back to one SELECT. What it holds lags a commit only by the notification's delivery.
 */
export class DataVersionWatcher {
  private client: Client | null = null;
  private latest: bigint | undefined;
  private listening = false;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly logError: (message: string) => void;

  private constructor(
    private readonly databaseUrl: string,
    private readonly options: DataVersionWatcherOptions,
  ) {
    this.retryMs = options.retryMs ?? 500;
    this.logError = options.logError ?? ((message) => console.error(message));
  }

  /** Starts watching; resolves after the first attempt, listening or (on failure) retrying in the background. */
  static async start(databaseUrl: string, options: DataVersionWatcherOptions): Promise<DataVersionWatcher> {
    const watcher = new DataVersionWatcher(databaseUrl, options);
    await watcher.connect();
    return watcher;
  }

  /** The current version while listening; undefined when the caller must read it itself. */
  current(): string | undefined {
    return this.listening && this.latest !== undefined ? String(this.latest) : undefined;
  }

  isListening(): boolean {
    return this.listening;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.drop();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'coalition-partner-version',
      options: `-c search_path=${this.options.schema}`,
    });
    this.client = client;
    client.on('notification', (message) => this.notified(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      // LISTEN first: a commit after it is notified, one before it is in the read that follows.
      await client.query(`LISTEN ${DATA_VERSION_CHANNEL}`);
      this.raise(await readDataVersion({ query: async (sql) => (await client.query(sql)).rows }, 'table'));
      if (this.client !== client) return;
      this.listening = true;
      this.retryMs = this.options.retryMs ?? 500;
    } catch (error) {
      this.lost(client, error);
    }
  }

  private notified(message: Notification): void {
    if (message.channel === DATA_VERSION_CHANNEL && message.payload && /^\d+$/.test(message.payload)) this.raise(message.payload);
  }

  // Bumps serialize on the version row, so commits notify in version order; the maximum is current.
  private raise(version: string): void {
    const next = BigInt(version);
    if (this.latest === undefined || next > this.latest) this.latest = next;
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.listening = false;
    this.latest = undefined;
    this.client = null;
    client.end().catch(() => {});
    if (this.closed) return;
    // 57P01-57P03: the server closed it (shutting down, restarting, or the session was ended), as
    // when the demo stops; said plainly, since answers stay correct meanwhile.
    const code = (error as { code?: unknown } | undefined)?.code;
    const closedByServer = typeof code === 'string' && /^57P0[123]$/.test(code);
    const detail = closedByServer ? ' (closed by the database server)' : error ? ` (${describeForLog(error)})` : '';
    this.logError(`data version watcher: connection lost${detail}; answers use one SQL read until it reconnects in ${this.retryMs} ms`);
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.listening = false;
    this.latest = undefined;
    await client?.end().catch(() => {});
  }
}
