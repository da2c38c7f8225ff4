import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far this partner has applied the registry's feed of link changes (docs/LINKAGE.md): the
 * version of the last change applied, written in the same transaction as the GSIDs it brought,
 * so a sync that stops half-way resumes exactly there. Not one of the partner's records: it does
 * not move the data version.
 */
export class LinkSyncState1732700000000 implements MigrationInterface {
  name = 'LinkSyncState1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE link_sync_state (
        partner_id  text PRIMARY KEY,
        version     bigint NOT NULL CHECK (version >= 0),
        synced_at   timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE link_sync_state`);
  }
}
