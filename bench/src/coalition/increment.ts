import { copyIntoPooled, copyPartnerRows, type Dataset, withClient } from './dataset';
import { assignPeople, type BenchPartner, partnerRows, type PartnerRows } from './generate';

/** Every local id of an increment starts with this; the dataset's own start with `P`, so they never collide. */
const INCREMENT_PREFIX = 'NEW';

/**
 * New records for one partner, in the dataset's shape (participants, their stage events and
 * outcomes), drawn from a seed of their own so each batch is other people. They carry no GSID:
 * as a partner's import stands before linkage has run, so no other partner's question changes.
 */
export function incrementRows(dataset: Dataset, partner: BenchPartner, batch: number, records: number): PartnerRows {
  const seed = (dataset.options.seed * 1_000 + batch + 1) >>> 0;
  const assignment = assignPeople({ partners: dataset.partners.length, perPartner: records, seed });
  return partnerRows(assignment, partner.index, { localIdPrefix: `${INCREMENT_PREFIX}${batch + 1}-P${partner.index + 1}-`, linked: false });
}

/**
 * Writes an increment into the partner's database in one transaction (one commit: the partner's
 * data version moves once it is all there), then into the pooled baseline, so the answer after
 * it can be checked against the pooled statement.
 */
export async function appendIncrement(dataset: Dataset, partner: BenchPartner, rows: PartnerRows): Promise<void> {
  await withClient(dataset.partnerUrls.get(partner.id)!, async (client) => {
    await client.query('BEGIN');
    try {
      await copyPartnerRows(client, rows);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
  await withClient(dataset.pooledUrl, (pooled) => copyIntoPooled(pooled, partner, rows));
}

/**
 * Removes every increment from the partner's database and the pooled one. Datasets are reused by
 * later runs, whose answers are checked against the pooled database: run before writing (an
 * interrupted run may have left some) and after.
 */
export async function removeIncrements(dataset: Dataset, partner: BenchPartner): Promise<void> {
  const pattern = `${INCREMENT_PREFIX}%`;
  // Stage events and outcomes go with their participant (ON DELETE CASCADE).
  await withClient(dataset.partnerUrls.get(partner.id)!, (c) => c.query('DELETE FROM participant WHERE local_id LIKE $1', [pattern]));
  await withClient(dataset.pooledUrl, async (c) => {
    for (const table of ['stage_event', 'outcome'])
      await c.query(`DELETE FROM ${table} WHERE partner_id = $1 AND participant_local_id LIKE $2`, [partner.id, pattern]);
    await c.query('DELETE FROM participant WHERE partner_id = $1 AND local_id LIKE $2', [partner.id, pattern]);
  });
}

/**
 * Moves every partner's data version without changing any data: a statement that changes no row
 * still moves it (the triggers run per statement), so every kept answer is stale after this.
 */
export async function touchEveryPartner(dataset: Dataset): Promise<void> {
  await Promise.all([...dataset.partnerUrls.values()].map((url) => withClient(url, (c) => c.query('DELETE FROM participant WHERE false'))));
}
