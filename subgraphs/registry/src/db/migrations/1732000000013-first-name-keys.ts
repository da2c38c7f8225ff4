import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Count-only lookup keys of first names (`first-name:<token>`), written by resolution from now on
 * and here for every record linked before: the registry counts how many people carry a first
 * name, and two different first names each carried by several people are two real names (twins),
 * not a typo. Keep the key equal to `firstNameKey` in linkage.service.ts.
 */
export class FirstNameKeys1732000000013 implements MigrationInterface {
  name = 'FirstNameKeys1732000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO linkage_key (key, link_id)
      SELECT 'first-name:' || (e.encoding->>'first'), e.link_id FROM linkage_encoding e
      WHERE NOT EXISTS (SELECT 1 FROM linkage_key k WHERE k.link_id = e.link_id AND k.key = 'first-name:' || (e.encoding->>'first'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM linkage_key WHERE key LIKE 'first-name:%'`);
  }
}
