import type { MigrationInterface, QueryRunner } from 'typeorm';

// Code lists are frozen here as they stood in contract 1.0.0; a contract change gets its own migration.
export class InitialPartnerSchema1732000000000 implements MigrationInterface {
  name = 'InitialPartnerSchema1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE participant (
        local_id        text PRIMARY KEY CHECK (length(local_id) BETWEEN 1 AND 64),
        gsid            text CHECK (gsid ~ '^gs_[0-9a-hjkmnp-tv-y]{12}$'),
        enrolled_on     date NOT NULL,
        exited_on       date,
        program_type    text NOT NULL CHECK (program_type IN ('TRAINING','PLACEMENT','RETENTION_COACHING')),
        sex             text NOT NULL CHECK (sex IN ('FEMALE','MALE','NOT_SELF_IDENTIFIED')),
        race_ethnicity  text[] NOT NULL DEFAULT '{}' CHECK (race_ethnicity <@ ARRAY['AMERICAN_INDIAN_ALASKA_NATIVE','ASIAN','BLACK_AFRICAN_AMERICAN','HISPANIC_LATINO','MIDDLE_EASTERN_NORTH_AFRICAN','NATIVE_HAWAIIAN_PACIFIC_ISLANDER','WHITE']::text[]),
        birth_year      integer CHECK (birth_year BETWEEN 1900 AND 2100),
        county_fips     text CHECK (county_fips ~ '^[0-9]{5}$'),
        cohort          text GENERATED ALWAYS AS (extract(year FROM enrolled_on)::int::text || 'Q' || extract(quarter FROM enrolled_on)::int::text) STORED,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (exited_on IS NULL OR exited_on >= enrolled_on)
      )`);
    await q.query(`CREATE INDEX participant_gsid_idx ON participant (gsid)`);
    await q.query(`
      CREATE TABLE stage_event (
        id                    bigserial PRIMARY KEY,
        participant_local_id  text NOT NULL REFERENCES participant (local_id) ON DELETE CASCADE,
        stage                 text NOT NULL CHECK (stage IN ('INTAKE','TRAINING','CREDENTIAL','PLACEMENT','RETENTION_90D','RETENTION_12M')),
        entered_on            date NOT NULL,
        exited_on             date,
        CHECK (exited_on IS NULL OR exited_on >= entered_on)
      )`);
    await q.query(`CREATE INDEX stage_event_participant_idx ON stage_event (participant_local_id)`);
    await q.query(`
      CREATE TABLE outcome (
        id                    bigserial PRIMARY KEY,
        participant_local_id  text NOT NULL REFERENCES participant (local_id) ON DELETE CASCADE,
        indicator_code        text NOT NULL CHECK (indicator_code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        indicator_version     integer NOT NULL CHECK (indicator_version >= 1),
        value_number          numeric,
        value_boolean         boolean,
        period                text NOT NULL CHECK (period IN ('BEFORE_INTAKE','DURING_PROGRAM','AT_EXIT','Q2_AFTER_EXIT','Q4_AFTER_EXIT','WITHIN_1Y_OF_EXIT')),
        wave                  text NOT NULL CHECK (wave IN ('INTAKE','EXIT','FOLLOW_UP')),
        observed_on           date,
        CHECK ((value_number IS NULL) <> (value_boolean IS NULL))
      )`);
    await q.query(`CREATE INDEX outcome_participant_idx ON outcome (participant_local_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outcome`);
    await q.query(`DROP TABLE stage_event`);
    await q.query(`DROP TABLE participant`);
  }
}
