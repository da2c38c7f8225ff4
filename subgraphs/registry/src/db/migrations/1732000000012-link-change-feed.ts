import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A feed of link changes per partner, so a partner can bring the GSIDs it stores up to date
 * after merges and splits (docs/LINKAGE.md). Each link carries the number of its latest change:
 * a new link takes the next number, and so does a link whose GSID moves (a merge, a split, a
 * re-join, a consent revocation). A partner reads its links numbered above the last one it
 * applied. A sequence, not a counter row: numbering must not serialize writers any further, and
 * the feed's reader waits for the linkage lock instead, so that no change still in flight can
 * commit below a number it has returned. Existing links are numbered once here, so a partner's
 * first read (from 0) sees every one of its links.
 */
export class LinkChangeFeed1732000000012 implements MigrationInterface {
  name = 'LinkChangeFeed1732000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE link_change_seq AS bigint`);
    // A volatile default: adding the column numbers every existing row.
    await q.query(`ALTER TABLE stakeholder_link ADD COLUMN change_version bigint NOT NULL DEFAULT nextval('link_change_seq')`);
    await q.query(`ALTER SEQUENCE link_change_seq OWNED BY stakeholder_link.change_version`);
    await q.query(`CREATE INDEX stakeholder_link_change_idx ON stakeholder_link (partner_id, change_version)`);
    await q.query(`
      CREATE FUNCTION number_link_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.change_version := nextval('link_change_seq');
        RETURN NEW;
      END $$`);
    // Only a GSID that really moves is a change: a review touching the method, or an update
    // writing the same GSID, would otherwise send every partner records it already holds.
    await q.query(`
      CREATE TRIGGER stakeholder_link_numbers_change BEFORE UPDATE OF gsid ON stakeholder_link
      FOR EACH ROW WHEN (OLD.gsid IS DISTINCT FROM NEW.gsid) EXECUTE FUNCTION number_link_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stakeholder_link_numbers_change ON stakeholder_link`);
    await q.query(`DROP FUNCTION number_link_change`);
    await q.query(`DROP INDEX stakeholder_link_change_idx`);
    // The sequence is owned by the column: it goes with it.
    await q.query(`ALTER TABLE stakeholder_link DROP COLUMN change_version`);
  }
}
