import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter that moves whenever links or merges change, so the gateway can keep the list of
 * people shared between partners until it does. Transactional (a row, not a sequence): a
 * change is seen only with its commit, so a list is never cached under a version it predates.
 */
export class LinkageVersion1732000000005 implements MigrationInterface {
  name = 'LinkageVersion1732000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE linkage_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version bigint NOT NULL)`);
    await q.query(`INSERT INTO linkage_version (version) VALUES (1)`);
    await q.query(`
      CREATE FUNCTION bump_linkage_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE linkage_version SET version = version + 1;
        RETURN NULL;
      END $$`);
    for (const table of ['stakeholder', 'stakeholder_link']) {
      await q.query(
        `CREATE TRIGGER ${table}_bumps_linkage_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_linkage_version()`,
      );
    }
    // Merged GSIDs are few: the shared-people query walks only their chains.
    await q.query(`CREATE INDEX stakeholder_merged_idx ON stakeholder (gsid) WHERE merged_into IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX stakeholder_merged_idx`);
    for (const table of ['stakeholder', 'stakeholder_link']) await q.query(`DROP TRIGGER ${table}_bumps_linkage_version ON ${table}`);
    await q.query(`DROP FUNCTION bump_linkage_version`);
    await q.query(`DROP TABLE linkage_version`);
  }
}
