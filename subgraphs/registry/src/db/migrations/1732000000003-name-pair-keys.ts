import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-name lookup keys for records linked before names were weighted by frequency: one key per
 * record from its two name tokens, unordered. Must equal `nameKey` in linkage.service.ts
 * (base64url tokens sorted byte-wise, hence COLLATE "C").
 */
export class NamePairKeys1732000000003 implements MigrationInterface {
  name = 'NamePairKeys1732000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO linkage_key (key, link_id)
      SELECT 'name-pair:' || least(f COLLATE "C", l COLLATE "C") || ':' || greatest(f COLLATE "C", l COLLATE "C"), link_id
      FROM (SELECT link_id, encoding->>'first' AS f, encoding->>'last' AS l FROM linkage_encoding) e
      WHERE NOT EXISTS (SELECT 1 FROM linkage_key k WHERE k.link_id = e.link_id AND k.key LIKE 'name-pair:%')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM linkage_key WHERE key LIKE 'name-pair:%'`);
  }
}
