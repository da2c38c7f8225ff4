import { join } from 'node:path';
import { resolvePostgres, waitForPostgres, type PostgresServer } from '@coalition/demo';
import { pingRedis, testRedisUrl } from './redis';

declare global {
  // eslint-disable-next-line no-var
  var __coalitionTestPostgres: PostgresServer | undefined;
}

/**
 * The end-to-end tests share proof ids and rate-limit counts through a real Redis: find out now,
 * with a message saying what to do, rather than in a timeout deep inside one test.
 */
async function checkRedis(): Promise<void> {
  const url = testRedisUrl();
  try {
    await pingRedis(url);
  } catch (error) {
    throw new Error(
      `The tests need Redis, and the one at ${url.replace(/\/\/[^@/]*@/, '//')} does not answer PING (${(error as Error).message}). ` +
        'Start one with `redis-server --port 6379 --save "" --appendonly no --daemonize yes` (Debian/Ubuntu: apt-get install redis-server), ' +
        'or point the tests at another with CG_TEST_REDIS_URL=redis://host:port.',
    );
  }
  process.env.CG_TEST_REDIS_URL = url;
}

/**
 * Tests use the server DATABASE_URL names (CI: 127.0.0.1:5432) or, when none is named, the
 * same embedded PostgreSQL as the demo (its own data folder), so `npm test` needs no PostgreSQL
 * installed (Redis it does need). Workers read the results from CG_TEST_DATABASE_URL and
 * CG_TEST_REDIS_URL.
 */
export default async function globalSetup(): Promise<void> {
  await checkRedis();
  const postgres = await resolvePostgres(process.env.DATABASE_URL, join(__dirname, '..', '..', '.data', 'test-postgres'), (m) => console.error(m));
  await waitForPostgres(postgres.adminUrl);
  process.env.CG_TEST_DATABASE_URL = postgres.adminUrl;
  globalThis.__coalitionTestPostgres = postgres;
}
