import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialRegistrySchema1732000000000 implements MigrationInterface {
  name = 'InitialRegistrySchema1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner (
        id            text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,39}$'),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        program_type  text NOT NULL CHECK (program_type IN ('TRAINING','PLACEMENT','RETENTION_COACHING')),
        endpoint      text CHECK (endpoint ~ '^https?://'),
        status        text NOT NULL DEFAULT 'ONBOARDING' CHECK (status IN ('ACTIVE','ONBOARDING','INACTIVE')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    // The registry holds ids and links only: never names, birth dates or identifiers.
    await q.query(`
      CREATE TABLE stakeholder (
        gsid          text PRIMARY KEY CHECK (gsid ~ '^gs_[0-9a-hjkmnp-tv-y]{12}$'),
        merged_into   text REFERENCES stakeholder (gsid),
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE stakeholder_link (
        id            bigserial PRIMARY KEY,
        gsid          text NOT NULL REFERENCES stakeholder (gsid),
        partner_id    text NOT NULL REFERENCES partner (id),
        local_id      text NOT NULL CHECK (length(local_id) BETWEEN 1 AND 64),
        method        text NOT NULL CHECK (method IN ('SEED_GROUND_TRUTH','DETERMINISTIC','PROBABILISTIC','MANUAL')),
        linked_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (partner_id, local_id)
      )`);
    await q.query(`CREATE INDEX stakeholder_link_gsid_idx ON stakeholder_link (gsid)`);
    // Definitions are never edited in place: a change is a new (code, version) row.
    await q.query(`
      CREATE TABLE indicator_definition (
        code          text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        version       integer NOT NULL CHECK (version >= 1),
        name          text NOT NULL,
        description   text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('RATE','COUNT','MEDIAN','MEAN','CHANGE')),
        unit          text NOT NULL,
        value_type    text NOT NULL CHECK (value_type IN ('BOOLEAN','NUMBER')),
        definition    jsonb NOT NULL DEFAULT '{}',
        published_on  date NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    await q.query(`
      CREATE FUNCTION indicator_definition_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'indicator definitions are immutable; publish a new version instead';
      END $$`);
    await q.query(
      `CREATE TRIGGER indicator_definition_no_update BEFORE UPDATE ON indicator_definition FOR EACH ROW EXECUTE FUNCTION indicator_definition_immutable()`,
    );
    await q.query(`
      CREATE TABLE pathway_stage (
        code          text PRIMARY KEY CHECK (code IN ('INTAKE','TRAINING','CREDENTIAL','PLACEMENT','RETENTION_90D','RETENTION_12M')),
        position      integer NOT NULL UNIQUE,
        name          text NOT NULL,
        description   text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pathway_stage`);
    await q.query(`DROP TRIGGER indicator_definition_no_update ON indicator_definition`);
    await q.query(`DROP FUNCTION indicator_definition_immutable`);
    await q.query(`DROP TABLE indicator_definition`);
    await q.query(`DROP TABLE stakeholder_link`);
    await q.query(`DROP TABLE stakeholder`);
    await q.query(`DROP TABLE partner`);
  }
}
