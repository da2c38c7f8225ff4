import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen as they stand here (a migration never follows later code): the relations whose
// changes move the version, and the channel the bump notifies so a listener keeps it without asking.
const VERSIONED_TABLES = ['participant', 'stage_event', 'outcome', 'survey_answer'];
const CHANNEL = 'coalition_data_version';

/**
 * A counter that moves with every committed change to the partner's records, so the gateway can
 * keep this partner's answers until it does. Transactional (a row, not a sequence), as the
 * registry's linkage version: a change is seen only with its commit, and a rolled-back change
 * leaves it (and its notification, which PostgreSQL sends only on commit) unmoved. The row is
 * locked from a writer's first change to its commit, so writers of these tables take turns.
 * The bump runs BEFORE each statement: a writer takes the counter's lock before any row lock of
 * its own, so two multi-statement writers queue on the counter instead of deadlocking on rows
 * each already holds (AFTER would lock rows first, then wait for the counter).
 */
export class DataVersion1732400000000 implements MigrationInterface {
  name = 'DataVersion1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE data_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version bigint NOT NULL)`);
    await q.query(`INSERT INTO data_version (version) VALUES (1)`);
    await q.query(`
      CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next bigint;
      BEGIN
        UPDATE data_version SET version = version + 1 RETURNING version INTO next;
        PERFORM pg_notify('${CHANNEL}', next::text);
        RETURN NULL;
      END $$`);
    for (const table of VERSIONED_TABLES) {
      await q.query(
        `CREATE TRIGGER ${table}_bumps_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of VERSIONED_TABLES) await q.query(`DROP TRIGGER ${table}_bumps_data_version ON ${table}`);
    await q.query(`DROP FUNCTION bump_data_version`);
    await q.query(`DROP TABLE data_version`);
  }
}
