import { join } from 'node:path';
import { resolvePostgres, waitForPostgres, type PostgresServer } from '@coalition/demo';

declare global {
  // eslint-disable-next-line no-var
  var __coalitionTestPostgres: PostgresServer | undefined;
}

/**
 * Tests use the server DATABASE_URL names (CI: 127.0.0.1:5432) or, when none is named, the
 * same embedded PostgreSQL as the demo (its own data folder), so `npm test` needs nothing
 * installed. Workers read the result from CG_TEST_DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  const postgres = await resolvePostgres(process.env.DATABASE_URL, join(__dirname, '..', '..', '.data', 'test-postgres'), (m) => console.error(m));
  await waitForPostgres(postgres.adminUrl);
  process.env.CG_TEST_DATABASE_URL = postgres.adminUrl;
  globalThis.__coalitionTestPostgres = postgres;
}
