import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity fields for linkage and imports (they never leave the partner: no GraphQL field reads
 * them), and natural keys so that re-importing a file updates rows instead of duplicating them.
 */
export class IdentityAndNaturalKeys1732100000000 implements MigrationInterface {
  name = 'IdentityAndNaturalKeys1732100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE participant_identity (
        local_id    text PRIMARY KEY REFERENCES participant (local_id) ON DELETE CASCADE,
        first_name  text,
        last_name   text,
        birth_date  date,
        ssn_last4   text CHECK (ssn_last4 ~ '^[0-9]{4}$'),
        phone       text,
        email       text,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX stage_event_natural_key ON stage_event (participant_local_id, stage, entered_on)`);
    await q.query(`CREATE UNIQUE INDEX outcome_natural_key ON outcome (participant_local_id, indicator_code, indicator_version, period, wave)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outcome_natural_key`);
    await q.query(`DROP INDEX stage_event_natural_key`);
    await q.query(`DROP TABLE participant_identity`);
  }
}
