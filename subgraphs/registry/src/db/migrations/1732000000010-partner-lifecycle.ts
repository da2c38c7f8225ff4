import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partners join, rotate keys, are suspended and retire without anyone writing SQL: the keys a
 * partner signs its identity-resolution requests with live here (beside the ones a deployment
 * still gives in PARTNER_REGISTRY_KEYS), each with the moment it stops being accepted, and every
 * change to a partner is recorded with who made it. The change log is append-only for every
 * writer, not only the registry's service.
 */
export class PartnerLifecycle1732000000010 implements MigrationInterface {
  name = 'PartnerLifecycle1732000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE partner DROP CONSTRAINT IF EXISTS partner_status_check`);
    await q.query(`ALTER TABLE partner ADD CONSTRAINT partner_status_check CHECK (status IN ('ACTIVE','ONBOARDING','INACTIVE','SUSPENDED','RETIRED'))`);
    await q.query(`
      CREATE TABLE partner_key (
        id          text PRIMARY KEY CHECK (id ~ '^pk_[0-9a-f]{16}$'),
        partner_id  text NOT NULL REFERENCES partner (id),
        -- HS256 secret: the registry must hold it to check the partner's signatures.
        secret      text NOT NULL CHECK (length(secret) >= 32),
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  text NOT NULL,
        -- null: current; otherwise accepted until then (a rotation's overlap, or at once when retired)
        expires_at  timestamptz NULL
      )`);
    await q.query(`CREATE INDEX partner_key_partner_idx ON partner_key (partner_id)`);
    await q.query(`
      CREATE TABLE partner_change (
        id          bigserial PRIMARY KEY,
        partner_id  text NOT NULL REFERENCES partner (id),
        action      text NOT NULL CHECK (action IN ('REGISTERED','KEY_ROTATED','SUSPENDED','REACTIVATED','RETIRED')),
        actor       text NOT NULL,
        reason      text NULL CHECK (length(reason) <= 2000),
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX partner_change_partner_idx ON partner_change (partner_id, at)`);
    await q.query(`
      CREATE FUNCTION partner_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'partner_change is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER partner_change_append_only BEFORE UPDATE OR DELETE ON partner_change
      FOR EACH ROW EXECUTE FUNCTION partner_change_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE partner_change`);
    await q.query(`DROP FUNCTION partner_change_append_only()`);
    await q.query(`DROP TABLE partner_key`);
    await q.query(`UPDATE partner SET status = 'INACTIVE' WHERE status IN ('SUSPENDED','RETIRED')`);
    await q.query(`ALTER TABLE partner DROP CONSTRAINT IF EXISTS partner_status_check`);
    await q.query(`ALTER TABLE partner ADD CONSTRAINT partner_status_check CHECK (status IN ('ACTIVE','ONBOARDING','INACTIVE'))`);
  }
}
