import { Client } from 'pg';
import { createRegistryDataSource } from '@coalition/registry';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the registry linkage version under concurrent writers (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let registry: DataSource;
  const version = async () => BigInt((await registry.query('SELECT version::text AS v FROM linkage_version'))[0].v);

  beforeAll(async () => {
    db = await createTestDatabase('linkage_version');
    registry = createRegistryDataSource(db.url);
    await registry.initialize();
    await registry.runMigrations({ transaction: 'each' });
    await registry.query(`INSERT INTO stakeholder (gsid) VALUES ('gs_000000000001'), ('gs_000000000002'), ('gs_000000000003')`);
  });

  afterAll(async () => {
    await registry?.destroy();
    await db?.drop();
  });

  it('two multi-statement writers crossing the same GSIDs queue on the counter instead of deadlocking; each commit moves it, a rollback does not', async () => {
    const [first, second] = [new Client({ connectionString: db.url }), new Client({ connectionString: db.url })];
    await Promise.all([first.connect(), second.connect()]);
    try {
      const before = await version();
      await first.query('BEGIN');
      await first.query(`UPDATE stakeholder SET merged_into = 'gs_000000000003' WHERE gsid = 'gs_000000000001'`);
      await second.query('BEGIN');
      // Waits for the counter before it locks gs_...002 (the bump runs before each statement)...
      const waiting = second.query(`UPDATE stakeholder SET merged_into = 'gs_000000000003' WHERE gsid = 'gs_000000000002'`).then(async () => {
        await second.query(`UPDATE stakeholder SET merged_into = NULL WHERE gsid = 'gs_000000000001'`);
        await second.query('COMMIT');
      });
      await sleep(100);
      // ...so the first writer can still take it: with the bump after each statement, one would be aborted as a deadlock.
      await first.query(`UPDATE stakeholder SET merged_into = NULL WHERE gsid = 'gs_000000000002'`);
      await first.query('COMMIT');
      await waiting;
      expect(await version()).toBe(before + 4n);
      await first.query('BEGIN');
      await first.query(`UPDATE stakeholder SET merged_into = NULL WHERE gsid = 'gs_000000000003'`);
      await first.query('ROLLBACK');
      expect(await version()).toBe(before + 4n);
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });
});
