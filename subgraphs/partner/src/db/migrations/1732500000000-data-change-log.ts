import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen as they stand here (a migration never follows later code): the relations whose changes
// are logged (those that move the data version), the operations logged with their transition
// table, and the suffix that marks a truncate.
const LOGGED_TABLES = ['participant', 'stage_event', 'outcome', 'survey_answer'];
const ROW_OPERATIONS: Array<[operation: string, transition: string]> = [
  ['INSERT', 'NEW TABLE AS changed_rows'],
  ['UPDATE', 'NEW TABLE AS changed_rows'],
  ['DELETE', 'OLD TABLE AS changed_rows'],
];
const TRUNCATED = ' (truncated)';

/**
 * A log of how many rows each committed statement changed, under the data version it moved to,
 * so the backbone can ask how many records changed since the version a release was approved at.
 * The data version's BEFORE trigger has already bumped the counter when these AFTER triggers
 * run, and both sit in the statement's transaction: a rolled-back change leaves no entry.
 * PostgreSQL allows a transition table only on a trigger with one event, hence one trigger per
 * operation. A truncate has no transition table, so it is logged with 0 rows and its table name
 * marked: how many rows it removed is unknown.
 */
export class DataChangeLog1732500000000 implements MigrationInterface {
  name = 'DataChangeLog1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_change (
        version     bigint NOT NULL,
        table_name  text NOT NULL,
        rows        integer NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX data_change_version_idx ON data_change (version)`);
    await q.query(`
      CREATE FUNCTION log_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE changed integer;
      BEGIN
        SELECT count(*) INTO changed FROM changed_rows;
        IF changed > 0 THEN
          INSERT INTO data_change (version, table_name, rows) SELECT version, TG_TABLE_NAME, changed FROM data_version;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION log_data_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_change (version, table_name, rows) SELECT version, TG_TABLE_NAME || '${TRUNCATED}', 0 FROM data_version;
        RETURN NULL;
      END $$`);
    for (const table of LOGGED_TABLES) {
      for (const [operation, transition] of ROW_OPERATIONS) {
        await q.query(
          `CREATE TRIGGER ${table}_logs_${operation.toLowerCase()} AFTER ${operation} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION log_data_change()`,
        );
      }
      await q.query(`CREATE TRIGGER ${table}_logs_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION log_data_truncate()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of LOGGED_TABLES) {
      for (const [operation] of ROW_OPERATIONS) await q.query(`DROP TRIGGER ${table}_logs_${operation.toLowerCase()} ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_logs_truncate ON ${table}`);
    }
    await q.query(`DROP FUNCTION log_data_truncate`);
    await q.query(`DROP FUNCTION log_data_change`);
    await q.query(`DROP TABLE data_change`);
  }
}
