import { assertCleanInput, badInput, isValidGsid, notFound } from '@coalition/shared';
import type { EntityManager } from 'typeorm';

/**
 * How long after resolution a partner may withdraw a link. Withdrawal undoes a partner write
 * that failed right after resolving (the partner calls it at once, with a few retries), so a
 * short window is enough; it keeps a leaked partner key from unlinking that partner's history.
 */
export const WITHDRAW_WINDOW_MINUTES = 60;

export interface WithdrawInput {
  localId: string;
  gsid: string;
}

export interface WithdrawOutcome {
  localId: string;
  status: 'WITHDRAWN' | 'ABSENT' | 'KEPT';
  reason: string | null;
}

/** Decisions resolution makes by itself (of table alias `d`, if given); anything else is a person's. */
const automatic = (d = '') => `(${d}kind IN ('NEW', 'AUTO_LINK') OR (${d}kind = 'POSSIBLE_MATCH' AND ${d}review_status = 'OPEN'))`;

export function checkWithdrawInput(records: readonly WithdrawInput[], max: number): void {
  if (records.length > max) throw badInput('records', `at most ${max} at once`, { max });
  assertCleanInput(records, 'records');
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    if (typeof record.localId !== 'string' || record.localId.length < 1 || record.localId.length > 64)
      throw badInput(`records[${index}].localId`, 'must be 1 to 64 characters');
    if (!isValidGsid(record.gsid)) throw badInput(`records[${index}].gsid`, 'is not a well-formed GSID');
    if (seen.has(record.localId)) throw badInput(`records[${index}].localId`, `"${record.localId}" appears twice in this batch`);
    seen.add(record.localId);
  }
}

/**
 * Withdraws, for one partner, the links resolution made for records the partner then failed to
 * store: the link (its encoding and lookup keys cascade), its automatic decision (an open
 * review item included) and the GSID minted for it, unless something else now refers to that
 * GSID. Runs inside the caller's transaction, under the linkage lock.
 *
 * It only ever undoes what nobody can rely on yet, and keeps (status KEPT, with the reason):
 * a link now on another GSID, one an analyst made or acted on (or on its GSID), one resolved
 * again since it was made (another request of the partner holds that GSID for the record), and
 * one older than the window. So a partner retrying, or two requests racing on one local id,
 * can never withdraw a link a stored record depends on.
 */
export async function withdrawLinks(manager: EntityManager, partnerId: string, records: readonly WithdrawInput[]): Promise<WithdrawOutcome[]> {
  const [partner] = await manager.query('SELECT id FROM partner WHERE id = $1', [partnerId]);
  if (!partner) throw notFound('partner', partnerId, { field: 'partnerId' });
  const localIds = records.map((r) => r.localId);
  const links: Array<{ id: string; gsid: string; local_id: string; method: string; resolved_again: boolean; recent: boolean }> = await manager.query(
    `SELECT l.id, l.gsid, l.local_id, l.method, coalesce(e.updated_at <> l.linked_at, false) AS resolved_again,
            l.linked_at > now() - make_interval(mins => $3) AS recent
     FROM stakeholder_link l LEFT JOIN linkage_encoding e ON e.link_id = l.id
     WHERE l.partner_id = $1 AND l.local_id = ANY($2) FOR UPDATE OF l`,
    [partnerId, localIds, WITHDRAW_WINDOW_MINUTES],
  );
  const linkOf = new Map(links.map((l) => [l.local_id, l]));
  const actedOn: Array<{ local_id: string }> = await manager.query(
    `SELECT DISTINCT l.local_id FROM stakeholder_link l JOIN link_decision d
       ON (d.partner_id = l.partner_id AND d.local_id = l.local_id) OR d.gsid = l.gsid OR d.candidate_gsid = l.gsid
     WHERE l.partner_id = $1 AND l.local_id = ANY($2) AND NOT ${automatic('d.')}`,
    [partnerId, localIds],
  );
  const byPerson = new Set(actedOn.map((r) => r.local_id));

  const outcomes = records.map((record): WithdrawOutcome => {
    const link = linkOf.get(record.localId);
    const kept = (reason: string): WithdrawOutcome => ({ localId: record.localId, status: 'KEPT', reason });
    if (!link) return { localId: record.localId, status: 'ABSENT', reason: null };
    if (link.gsid !== record.gsid) return kept('the record is linked to another GSID now (merged or split)');
    if (!['NEW', 'DETERMINISTIC', 'PROBABILISTIC'].includes(link.method) || byPerson.has(record.localId))
      return kept('an analyst has acted on the record or its GSID');
    if (link.resolved_again) return kept('the record was resolved again since it was linked: a later request holds this GSID for it');
    if (!link.recent) return kept(`linked more than ${WITHDRAW_WINDOW_MINUTES} minutes ago: withdrawal only undoes a write that just failed`);
    return { localId: record.localId, status: 'WITHDRAWN', reason: null };
  });

  const withdrawn = outcomes.filter((o) => o.status === 'WITHDRAWN').map((o) => linkOf.get(o.localId)!);
  if (withdrawn.length) {
    const ids = withdrawn.map((l) => l.local_id);
    // GSIDs minted for these records (NEW, POSSIBLE_MATCH); an AUTO_LINK joined someone else's.
    const minted: Array<{ gsid: string }> = await manager.query(
      `SELECT gsid FROM link_decision WHERE partner_id = $1 AND local_id = ANY($2) AND kind IN ('NEW', 'POSSIBLE_MATCH')`,
      [partnerId, ids],
    );
    await manager.query(`DELETE FROM link_decision WHERE partner_id = $1 AND local_id = ANY($2) AND ${automatic()}`, [partnerId, ids]);
    await manager.query('DELETE FROM stakeholder_link WHERE id = ANY($1)', [withdrawn.map((l) => l.id)]);
    // Another record may have linked to a minted GSID since, or named it as its candidate: then it stays.
    await manager.query(
      `DELETE FROM stakeholder s WHERE s.gsid = ANY($1) AND s.merged_into IS NULL
         AND NOT EXISTS (SELECT 1 FROM stakeholder_link l WHERE l.gsid = s.gsid)
         AND NOT EXISTS (SELECT 1 FROM link_decision d WHERE d.gsid = s.gsid OR d.candidate_gsid = s.gsid)
         AND NOT EXISTS (SELECT 1 FROM link_constraint c WHERE c.gsid = s.gsid)
         AND NOT EXISTS (SELECT 1 FROM stakeholder m WHERE m.merged_into = s.gsid)`,
      [minted.map((m) => m.gsid)],
    );
  }
  return outcomes;
}
