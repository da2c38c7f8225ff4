import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Releases: a period's figures as the backbone approved them, stored as an opaque blob (the
 * gateway's gzip'd JSON) in chunks, because one request body cannot carry it. A release is
 * written PENDING and becomes readable only when one transaction approves it, so a gateway
 * killed mid-upload leaves nothing readable. Approved releases are immutable, down to their
 * chunks; the one exception is the link to the release that supersedes them, set once. The
 * triggers hold that for every writer, not only the registry's service.
 */
export class Releases1732000000009 implements MigrationInterface {
  name = 'Releases1732000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE release (
        id             text PRIMARY KEY CHECK (id ~ '^rel_[0-9a-f]{16}$'),
        period_label   text NOT NULL CHECK (period_label ~ '^[A-Za-z0-9_-]{1,32}$'),
        period         jsonb NOT NULL,
        status         text NOT NULL CHECK (status IN ('PENDING', 'APPROVED')),
        note           text NULL CHECK (length(note) <= 2000),
        approved_by    text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        approved_at    timestamptz NULL,
        version_vector jsonb NOT NULL,
        coverage       jsonb NOT NULL,
        forced         boolean NOT NULL DEFAULT false,
        figure_count   integer NULL CHECK (figure_count >= 0),
        size_bytes     integer NULL CHECK (size_bytes >= 0),
        sha256         text NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        supersedes     text NULL REFERENCES release (id),
        superseded_by  text NULL REFERENCES release (id),
        CHECK (status = 'PENDING' OR (approved_at IS NOT NULL AND figure_count IS NOT NULL AND size_bytes IS NOT NULL AND sha256 IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX release_period_status_idx ON release (period_label, status)`);
    await q.query(`
      CREATE TABLE release_chunk (
        release_id text NOT NULL REFERENCES release (id) ON DELETE CASCADE,
        seq        integer NOT NULL CHECK (seq >= 0),
        data       bytea NOT NULL,
        PRIMARY KEY (release_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION release_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'APPROVED' AND (TG_OP = 'DELETE' OR OLD.superseded_by IS NOT NULL
            OR to_jsonb(NEW) - 'superseded_by' IS DISTINCT FROM to_jsonb(OLD) - 'superseded_by') THEN
          RAISE EXCEPTION 'approved releases are immutable; approve a new release for the period instead';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER release_no_update BEFORE UPDATE OR DELETE ON release FOR EACH ROW EXECUTE FUNCTION release_immutable()`);
    await q.query(`
      CREATE FUNCTION release_chunk_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM release r WHERE r.status = 'APPROVED' AND r.id IN (OLD.release_id, NEW.release_id)) THEN
          RAISE EXCEPTION 'the chunks of an approved release are immutable';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(
      `CREATE TRIGGER release_chunk_no_change BEFORE INSERT OR UPDATE OR DELETE ON release_chunk FOR EACH ROW EXECUTE FUNCTION release_chunk_immutable()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE release_chunk`);
    await q.query(`DROP FUNCTION release_chunk_immutable`);
    await q.query(`DROP TABLE release`);
    await q.query(`DROP FUNCTION release_immutable`);
  }
}
