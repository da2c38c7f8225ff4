import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy-preserving linkage. The registry keeps, per partner record, the keyed tokens and
 * Bloom filters the partner derived (never a name, date or identifier), the lookup keys used
 * to find candidates, every match decision with who made it and why, and "cannot link"
 * constraints that keep a split or a rejected match from being undone by a later run.
 */
export class Linkage1732000000002 implements MigrationInterface {
  name = 'Linkage1732000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stakeholder_link DROP CONSTRAINT stakeholder_link_method_check`);
    await q.query(`ALTER TABLE stakeholder_link ADD CONSTRAINT stakeholder_link_method_check
      CHECK (method IN ('SEED_GROUND_TRUTH','NEW','DETERMINISTIC','PROBABILISTIC','MANUAL'))`);
    await q.query(`ALTER TABLE stakeholder_link ADD COLUMN rule text, ADD COLUMN score real`);
    await q.query(`
      CREATE TABLE linkage_encoding (
        link_id     bigint PRIMARY KEY REFERENCES stakeholder_link (id) ON DELETE CASCADE,
        scheme      text NOT NULL,
        encoding    jsonb NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE linkage_key (
        key         text NOT NULL,
        link_id     bigint NOT NULL REFERENCES stakeholder_link (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX linkage_key_key_idx ON linkage_key (key)`);
    await q.query(`CREATE INDEX linkage_key_link_idx ON linkage_key (link_id)`);
    await q.query(`
      CREATE TABLE link_decision (
        id              bigserial PRIMARY KEY,
        kind            text NOT NULL CHECK (kind IN ('NEW','AUTO_LINK','POSSIBLE_MATCH','CONFIRM','REJECT','SPLIT','MERGE','REJOIN')),
        partner_id      text REFERENCES partner (id),
        local_id        text,
        gsid            text NOT NULL REFERENCES stakeholder (gsid),
        candidate_gsid  text REFERENCES stakeholder (gsid),
        rule            text,
        score           real,
        review_status   text CHECK (review_status IN ('OPEN','CONFIRMED','REJECTED')),
        refers_to       bigint REFERENCES link_decision (id),
        actor           text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
        reason          text CHECK (length(reason) <= 2000),
        decided_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'POSSIBLE_MATCH') = (review_status IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX link_decision_open_idx ON link_decision (decided_at) WHERE review_status = 'OPEN'`);
    await q.query(`CREATE INDEX link_decision_gsid_idx ON link_decision (gsid)`);
    await q.query(`CREATE INDEX link_decision_candidate_idx ON link_decision (candidate_gsid)`);
    // Foreign keys pointing at link_decision need these, or deleting decisions scans the table per row.
    await q.query(`CREATE INDEX link_decision_refers_idx ON link_decision (refers_to)`);
    await q.query(`
      CREATE TABLE link_constraint (
        link_id      bigint NOT NULL REFERENCES stakeholder_link (id) ON DELETE CASCADE,
        gsid         text NOT NULL REFERENCES stakeholder (gsid),
        decision_id  bigint NOT NULL REFERENCES link_decision (id),
        PRIMARY KEY (link_id, gsid)
      )`);
    await q.query(`CREATE INDEX link_constraint_decision_idx ON link_constraint (decision_id)`);
    await q.query(`CREATE INDEX link_constraint_gsid_idx ON link_constraint (gsid)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE link_constraint`);
    await q.query(`DROP TABLE link_decision`);
    await q.query(`DROP TABLE linkage_key`);
    await q.query(`DROP TABLE linkage_encoding`);
    await q.query(`ALTER TABLE stakeholder_link DROP COLUMN score, DROP COLUMN rule`);
    await q.query(`ALTER TABLE stakeholder_link DROP CONSTRAINT stakeholder_link_method_check`);
    await q.query(`ALTER TABLE stakeholder_link ADD CONSTRAINT stakeholder_link_method_check
      CHECK (method IN ('SEED_GROUND_TRUTH','DETERMINISTIC','PROBABILISTIC','MANUAL'))`);
  }
}
