import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Qualitative themes (docs/THEMES.md): the codebooks this partner was given, and the coding of
 * each free-text answer under each codebook version, kept here with the answer; only counts leave.
 *
 * - `theme_codebook`: a codebook version as received, never changed (a different body under the
 *   same code and version is refused by the service; the trigger keeps a stored one as it is).
 * - `theme_coding`: one row per answer and codebook version: the coder's id, the themes and the
 *   rule that gave each (same order), or why it was refused; the sentiment score; the phrases
 *   the codebook does not cover, scrubbed of names, numbers, e-mails and addresses (counted
 *   for the backbone's emerging phrases, never sent one by one); the md5 of
 *   the text it coded, so an answer edited since is coded again. Deleting or truncating the
 *   answers deletes their codings.
 *   Its changes move the data version: a figure kept by version is never one coded differently.
 */
export class ThemeCodings1732800000000 implements MigrationInterface {
  name = 'ThemeCodings1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE theme_codebook (
        code          text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        version       integer NOT NULL CHECK (version >= 1),
        body          jsonb NOT NULL,
        digest        text NOT NULL,
        installed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (code, version)
      )`);
    await q.query(`
      CREATE FUNCTION theme_codebook_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'codebook versions are immutable; a change is a new version';
      END $$`);
    await q.query(`CREATE TRIGGER theme_codebook_no_update BEFORE UPDATE ON theme_codebook FOR EACH ROW EXECUTE FUNCTION theme_codebook_immutable()`);
    await q.query(`
      CREATE TABLE theme_coding (
        answer_id         bigint NOT NULL,
        codebook_code     text NOT NULL,
        codebook_version  integer NOT NULL,
        coder_id          text NOT NULL CHECK (length(coder_id) BETWEEN 1 AND 200),
        status            text NOT NULL CHECK (status IN ('CODED', 'REFUSED')),
        themes            text[] NOT NULL DEFAULT '{}',
        rules             text[] NOT NULL DEFAULT '{}',
        reason            text CHECK (reason IN ('EMPTY', 'TOO_LONG', 'BINARY', 'NOT_ENGLISH')),
        sentiment         real,
        phrases           text[] NOT NULL DEFAULT '{}',
        text_md5          text NOT NULL,
        coded_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (answer_id, codebook_code, codebook_version),
        FOREIGN KEY (codebook_code, codebook_version) REFERENCES theme_codebook (code, version),
        CHECK (cardinality(themes) = cardinality(rules)),
        CHECK ((status = 'REFUSED') = (reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX theme_coding_codebook ON theme_coding (codebook_code, codebook_version)`);
    // No foreign key to survey_answer: a partner's own tools may TRUNCATE and reload its answers,
    // which a reference would refuse. Triggers forget the codings of answers deleted or truncated.
    await q.query(`
      CREATE FUNCTION theme_coding_forget_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM theme_coding WHERE answer_id IN (SELECT id FROM gone);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER survey_answer_forgets_codings AFTER DELETE ON survey_answer REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION theme_coding_forget_deleted()`,
    );
    await q.query(`
      CREATE FUNCTION theme_coding_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE theme_coding;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER survey_answer_truncate_forgets_codings AFTER TRUNCATE ON survey_answer FOR EACH STATEMENT EXECUTE FUNCTION theme_coding_forget_all()`,
    );
    await q.query(`CREATE INDEX survey_answer_question ON survey_answer (question_code)`);
    await q.query(
      `CREATE TRIGGER theme_coding_bumps_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON theme_coding FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER survey_answer_truncate_forgets_codings ON survey_answer`);
    await q.query(`DROP TRIGGER survey_answer_forgets_codings ON survey_answer`);
    await q.query(`DROP FUNCTION theme_coding_forget_all`);
    await q.query(`DROP FUNCTION theme_coding_forget_deleted`);
    await q.query(`DROP TABLE theme_coding`);
    await q.query(`DROP INDEX survey_answer_question`);
    await q.query(`DROP TABLE theme_codebook`);
    await q.query(`DROP FUNCTION theme_codebook_immutable`);
  }
}
