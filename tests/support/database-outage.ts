import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { testServerUrl } from './database';

export interface DatabaseOutage {
  /** Lets connections in again; the service reconnects on its own. */
  restore(): Promise<void>;
}

/** The name of the database a service's data source is connected to (ask before cutting it). */
export async function databaseOf(dataSource: DataSource): Promise<string> {
  const [{ name }] = (await dataSource.query('SELECT current_database() AS name')) as Array<{ name: string }>;
  return name;
}

async function asAdmin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A real database outage for one service while its process stays up: the database refuses new
 * connections (PostgreSQL answers FATAL) and the sessions the service's pool holds are ended
 * (their next query fails with "Connection terminated").
 */
export async function cutDatabase(name: string): Promise<DatabaseOutage> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name "${name}"`);
  await asAdmin(async (client) => {
    await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
  let restored = false;
  return {
    async restore() {
      if (restored) return;
      restored = true;
      await asAdmin((client) => client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
    },
  };
}
