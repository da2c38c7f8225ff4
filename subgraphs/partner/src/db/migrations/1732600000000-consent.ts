import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A participant's consent, kept at its partner (docs/CONSENT.md): whether its identity may be
 * shared for linkage (tokens sent to the registry), whether its records may be shown to anyone
 * outside this partner (other partners' staff, the backbone), and whether it is counted in
 * de-identified network figures. A participant without a row has the defaults: all yes, as
 * before consent was recorded. It moves the data version like the
 * records it governs, so nothing kept under the old consent is served after a change.
 */
export class Consent1732600000000 implements MigrationInterface {
  name = 'Consent1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE participant_consent (
        local_id        text PRIMARY KEY REFERENCES participant (local_id) ON DELETE CASCADE,
        share_identity  boolean NOT NULL,
        share_records   boolean NOT NULL,
        in_figures      boolean NOT NULL DEFAULT true,
        recorded_on     date NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE TRIGGER participant_consent_bumps_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON participant_consent FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE participant_consent`);
  }
}
