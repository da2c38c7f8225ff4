import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, dropDatabase, ensureDatabase } from '@coalition/demo';

export function testServerUrl(): string {
  const url = process.env.CG_TEST_DATABASE_URL;
  if (!url) throw new Error('CG_TEST_DATABASE_URL is not set: run tests through jest (its global setup starts or finds PostgreSQL)');
  return url;
}

/** A fresh database for one test file; drop() removes it. */
export async function createTestDatabase(label: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const admin = testServerUrl();
  const name = `cg_test_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(admin, name);
  return { name, url: databaseUrl(admin, name), drop: () => dropDatabase(admin, name) };
}

/** A unique database prefix for a whole coalition in one test file. */
export function uniquePrefix(label: string): string {
  return `cg_test_${label}_${randomBytes(3).toString('hex')}`;
}

export async function dropDatabasesWithPrefix(prefix: string): Promise<void> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
    for (const { datname } of rows) await dropDatabase(testServerUrl(), datname);
  } finally {
    await client.end();
  }
}
