import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WORKFORCE_BARRIERS_V1 } from '@coalition/shared/themes';

/**
 * Codebooks for free-text answers (docs/THEMES.md), versioned and immutable like indicators: a
 * version is never updated or deleted; a change is a new version. Seeds the demo coalition's
 * WORKFORCE_BARRIERS v1 (itself never changed: its rules are frozen with it).
 */
export class Codebooks1732000000014 implements MigrationInterface {
  name = 'Codebooks1732000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE codebook (
        code          text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        version       integer NOT NULL CHECK (version >= 1),
        body          jsonb NOT NULL CHECK (body->>'code' = code AND (body->>'version')::int = version),
        published_on  date NOT NULL,
        published_by  text NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    await q.query(`
      CREATE FUNCTION codebook_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'codebooks are immutable; publish a new version instead';
      END $$`);
    await q.query(`CREATE TRIGGER codebook_no_change BEFORE UPDATE OR DELETE ON codebook FOR EACH ROW EXECUTE FUNCTION codebook_immutable()`);
    await q.query(`INSERT INTO codebook (code, version, body, published_on, published_by) VALUES ($1, $2, $3::jsonb, DATE '2026-11-30', 'seed')`, [
      WORKFORCE_BARRIERS_V1.code,
      WORKFORCE_BARRIERS_V1.version,
      JSON.stringify(WORKFORCE_BARRIERS_V1),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE codebook`);
    await q.query(`DROP FUNCTION codebook_immutable`);
  }
}
