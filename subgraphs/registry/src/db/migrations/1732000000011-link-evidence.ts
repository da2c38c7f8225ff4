import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence for reviewers and estimated weights. Each automatic decision keeps how the two
 * records compared (levels per field, the score's parts, the name's frequency class: never a
 * value) and how likely the pair is one person, so the review queue is ordered by likelihood
 * and a reviewer's decision is recorded with the pattern it was made on. A backbone's weight
 * estimates are kept, at most one in use; none in use means the hand-set weights.
 */
export class LinkEvidence1732000000011 implements MigrationInterface {
  name = 'LinkEvidence1732000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE link_decision ADD COLUMN evidence jsonb NULL, ADD COLUMN match_probability real NULL`);
    await q.query(
      `CREATE INDEX link_decision_open_queue_idx ON link_decision (match_probability DESC NULLS LAST, decided_at, id) WHERE review_status = 'OPEN'`,
    );
    await q.query(`
      CREATE TABLE linkage_weights (
        id              bigserial PRIMARY KEY,
        estimated_at    timestamptz NOT NULL DEFAULT now(),
        estimated_by    text NOT NULL,
        reason          text NOT NULL CHECK (length(reason) <= 2000),
        candidate_pairs integer NOT NULL,
        random_pairs    integer NOT NULL,
        estimate        jsonb NOT NULL,
        active          boolean NOT NULL DEFAULT false,
        activated_at    timestamptz NULL,
        activated_by    text NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX linkage_weights_one_active ON linkage_weights (active) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE linkage_weights`);
    await q.query(`DROP INDEX link_decision_open_queue_idx`);
    await q.query(`ALTER TABLE link_decision DROP COLUMN evidence, DROP COLUMN match_probability`);
  }
}
