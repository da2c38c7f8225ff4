import { randomBytes } from 'node:crypto';
import { assertCleanInput, badInput, gsidFromBytes, notFound } from '@coalition/shared';
import { validateEncoding, type LinkageEncoding } from '@coalition/shared/linkage';
import type { DataSource, EntityManager } from 'typeorm';
import { FIRST_NAME_COUNT_CAP } from './compare';
import { decide, HAND_WEIGHTS, prepare, scorePair, type MatchDecision, type MatchScore, type MatchThresholds, type PreparedEncoding } from './score';
import { evidenceOf, probabilityOf, type ActiveWeights, type StoredEvidence } from './evidence';
import { checkWithdrawInput, withdrawLinks, type WithdrawInput, type WithdrawOutcome } from './withdrawal';

export const MAX_RESOLVE_BATCH = 1000;
/**
 * A lookup key shared by more records than this is too common to narrow anything down (a
 * birth date everybody gave by default, say): it is skipped rather than compared in full.
 */
export const MAX_BLOCK_SIZE = 500;
/** Resolutions run one at a time, so two batches never mint two GSIDs for one person. */
const LINKAGE_LOCK = 7_301_002;

/** Serializes everything that changes links: resolution and analysts' decisions. */
export async function lockLinkage(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [LINKAGE_LOCK]);
}
export const SYSTEM_ACTOR = 'linkage';

export interface ResolveInput {
  localId: string;
  encoding: unknown;
}

export type ResolveDecision = MatchDecision | 'EXISTING';

export interface ResolveOutcome {
  localId: string;
  gsid: string;
  decision: ResolveDecision;
  rule: string | null;
  score: number | null;
  candidateGsid: string | null;
  /** kept with the decision (not part of the partner's answer) */
  evidence?: StoredEvidence | null;
  matchProbability?: number | null;
}

export const HAND_SET: ActiveWeights = { label: 'HAND', weights: HAND_WEIGHTS, priorLogOdds: null };

/** The weights in use: the active estimate, or the hand-set weights. */
export async function activeWeights(manager: EntityManager): Promise<ActiveWeights> {
  const [row] = await manager.query(`SELECT id, estimate FROM linkage_weights WHERE active`);
  return row ? { label: `ESTIMATE-${row.id}`, weights: row.estimate.weights, priorLogOdds: row.estimate.globalPriorLogOdds } : HAND_SET;
}

interface Candidate {
  /** a stored link id, or -1 - index for a record earlier in the same batch */
  id: number;
  gsid: string;
  prepared: PreparedEncoding;
}

/**
 * The registry's own lookup key for a full name: both name tokens, unordered (so swapped names
 * share it). It finds namesakes as candidates and counts how many people carry a name, which
 * sets the name's weight. Migration 1732000000003 writes the same key in SQL: keep them equal.
 */
export const nameKey = (encoding: LinkageEncoding) => `name-pair:${[encoding.first, encoding.last].sort().join(':')}`;
const keysOf = (encoding: LinkageEncoding) => [...Object.values(encoding.rules), ...encoding.blocks, nameKey(encoding)] as string[];
/**
 * A count-only key: how many records carry a first name (with the other name's count, it tells
 * two real names from a name and its typo; see `realNames` in compare.ts). Never used to find
 * candidates: a common first name would match thousands.
 * Migration 1732000000013 writes the same key in SQL: keep them equal.
 */
export const firstNameKey = (encoding: LinkageEncoding) => `first-name:${encoding.first}`;
const storedKeysOf = (encoding: LinkageEncoding) => [...keysOf(encoding), firstNameKey(encoding)];

const newGsid = () => gsidFromBytes(randomBytes(8));
const RANK: Record<MatchDecision, number> = { AUTO_LINK: 2, POSSIBLE_MATCH: 1, NEW: 0 };

/** Checks a batch before anything is read or written, and prepares each record's encoding for scoring. */
function prepareBatch(records: readonly ResolveInput[]): PreparedEncoding[] {
  if (records.length > MAX_RESOLVE_BATCH) {
    throw badInput('records', `at most ${MAX_RESOLVE_BATCH} at once; send larger sets in batches`, { max: MAX_RESOLVE_BATCH });
  }
  assertCleanInput(records, 'records');
  const seen = new Set<string>();
  return records.map((record, index) => {
    if (typeof record.localId !== 'string' || record.localId.length < 1 || record.localId.length > 64) {
      throw badInput(`records[${index}].localId`, 'must be 1 to 64 characters');
    }
    if (seen.has(record.localId)) throw badInput(`records[${index}].localId`, `"${record.localId}" appears twice in this batch`);
    seen.add(record.localId);
    return prepare(validateEncoding(record.encoding, `records[${index}].encoding`));
  });
}

export class LinkageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly thresholds: MatchThresholds,
  ) {}

  /**
   * Resolves one partner's records to GSIDs, in one transaction: all of the batch is decided
   * and written, or none of it. A record the registry already links keeps its GSID (a split or
   * a manual decision is never undone by resolving again); its encoding is refreshed.
   */
  async resolve(partnerId: string, records: readonly ResolveInput[]): Promise<ResolveOutcome[]> {
    if (!records.length) return [];
    const prepared = prepareBatch(records);
    return this.dataSource.transaction(async (manager) => {
      await lockLinkage(manager);
      const [partner] = await manager.query('SELECT id FROM partner WHERE id = $1', [partnerId]);
      if (!partner) throw notFound('partner', partnerId, { field: 'partnerId' });
      const weights = await activeWeights(manager);

      const existing: Array<{ id: string; gsid: string; local_id: string }> = await manager.query(
        'SELECT id, gsid, local_id FROM stakeholder_link WHERE partner_id = $1 AND local_id = ANY($2)',
        [partnerId, records.map((r) => r.localId)],
      );
      const existingByLocal = new Map(existing.map((row) => [row.local_id, row]));
      const indexOf = new Map(records.map((r, i) => [r.localId, i]));
      const fresh = records.map((_, i) => i).filter((i) => !existingByLocal.has(records[i].localId));
      const freshOutcomes = await this.decideFresh(
        manager,
        weights,
        fresh.map((i) => ({ index: i, localId: records[i].localId, prepared: prepared[i] })),
      );

      await this.writeFresh(
        manager,
        partnerId,
        fresh.map((i) => ({ outcome: freshOutcomes.get(i)!, encoding: prepared[i].encoding })),
      );
      await this.refreshExisting(
        manager,
        existing.map((row) => ({ linkId: row.id, encoding: prepared[indexOf.get(row.local_id)!].encoding })),
      );

      return records.map((record, index): ResolveOutcome => {
        const known = existingByLocal.get(record.localId);
        return known
          ? { localId: record.localId, gsid: known.gsid, decision: 'EXISTING', rule: null, score: null, candidateGsid: null }
          : freshOutcomes.get(index)!;
      });
    });
  }

  /**
   * Decides the records the registry does not link yet, in batch order: each against the stored
   * links that share a key with it, and against the records before it in this batch (so one
   * person sent twice gets one GSID). Returns the outcome per record index.
   */
  private async decideFresh(manager: EntityManager, weights: ActiveWeights, fresh: Array<{ index: number; localId: string; prepared: PreparedEncoding }>) {
    const stored = await this.loadCandidates(
      manager,
      fresh.flatMap((r) => keysOf(r.prepared.encoding)),
    );
    const storedNamesakes = await this.countNamesakes(
      manager,
      fresh.map((r) => nameKey(r.prepared.encoding)),
    );
    await this.countFirstNames(manager, [...fresh.map((r) => r.prepared), ...[...stored.byKey.values()].flat().map((c) => c.prepared)]);
    // New people this batch has added under a name, on top of those stored.
    const batchNamesakes = new Map<string, number>();
    const namesakes = (key: string) => (storedNamesakes.get(key) ?? 0) + (batchNamesakes.get(key) ?? 0);

    const inBatch = new Map<string, Candidate[]>();
    const outcomes = new Map<number, ResolveOutcome>();
    for (const { index, localId, prepared } of fresh) {
      const keys = keysOf(prepared.encoding);
      const candidates = new Map<number, Candidate>();
      for (const key of keys) {
        for (const candidate of [...(stored.byKey.get(key) ?? []), ...(inBatch.get(key) ?? [])]) candidates.set(candidate.id, candidate);
      }
      const own = nameKey(prepared.encoding);
      const outcome = this.decideOne(localId, prepared, candidates.values(), namesakes(own), weights);
      outcomes.set(index, outcome);
      if (outcome.decision !== 'AUTO_LINK') batchNamesakes.set(own, (batchNamesakes.get(own) ?? 0) + 1);
      const self: Candidate = { id: -1 - index, gsid: outcome.gsid, prepared };
      for (const key of keys) inBatch.set(key, [...(inBatch.get(key) ?? []), self]);
    }
    return outcomes;
  }

  /** One record's outcome: linked to its best candidate, sent to review with it, or a new GSID. */
  private decideOne(localId: string, record: PreparedEncoding, candidates: Iterable<Candidate>, namesakes: number, weights: ActiveWeights): ResolveOutcome {
    const best = this.bestMatch(record, candidates, namesakes, weights);
    const decision = best ? decide(best.match, this.thresholds, weights.priorLogOdds) : 'NEW';
    const compared = best && decision !== 'NEW';
    return {
      localId,
      gsid: decision === 'AUTO_LINK' ? best!.gsid : newGsid(),
      decision,
      rule: decision === 'AUTO_LINK' ? best!.match.rule : null,
      score: best ? best.match.score : null,
      candidateGsid: decision === 'POSSIBLE_MATCH' ? best!.gsid : null,
      evidence: compared ? evidenceOf(best.match, namesakes, weights) : null,
      matchProbability: compared ? probabilityOf(best.match, weights, this.thresholds) : null,
    };
  }

  /**
   * A partner's compensation for a write that failed after resolution: withdraws the links of
   * those records (see withdrawal.ts for what it keeps, and docs/LINKAGE.md), in one transaction.
   */
  async withdraw(partnerId: string, records: readonly WithdrawInput[]): Promise<WithdrawOutcome[]> {
    checkWithdrawInput(records, MAX_RESOLVE_BATCH);
    if (!records.length) return [];
    return this.dataSource.transaction(async (manager) => {
      await lockLinkage(manager);
      return withdrawLinks(manager, partnerId, records);
    });
  }

  /** The best-scoring GSID among the candidates (a GSID scores as its best record). */
  private bestMatch(
    record: PreparedEncoding,
    candidates: Iterable<Candidate>,
    namesakes: number,
    weights: ActiveWeights,
  ): { gsid: string; match: MatchScore } | null {
    let best: { gsid: string; match: MatchScore; rank: number } | null = null;
    for (const candidate of candidates) {
      const match = scorePair(record, candidate.prepared, namesakes, weights.weights);
      const rank = RANK[decide(match, this.thresholds, weights.priorLogOdds)];
      if (!best || rank > best.rank || (rank === best.rank && match.score > best.match.score)) best = { gsid: candidate.gsid, match, rank };
    }
    return best;
  }

  private async loadCandidates(manager: EntityManager, keys: string[]): Promise<{ byKey: Map<string, Candidate[]> }> {
    const byKey = new Map<string, Candidate[]>();
    if (!keys.length) return { byKey };
    const hits: Array<{ key: string; ids: string[] }> = await manager.query(
      `SELECT key, array_agg(link_id) AS ids FROM linkage_key WHERE key = ANY($1) GROUP BY key HAVING count(*) <= $2`,
      [[...new Set(keys)], MAX_BLOCK_SIZE],
    );
    const ids = [...new Set(hits.flatMap((h) => h.ids))];
    if (!ids.length) return { byKey };
    const rows: Array<{ id: string; gsid: string; encoding: LinkageEncoding }> = await manager.query(
      `SELECT l.id, l.gsid, e.encoding FROM stakeholder_link l JOIN linkage_encoding e ON e.link_id = l.id WHERE l.id = ANY($1)`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, { id: Number(row.id), gsid: row.gsid, prepared: prepare(row.encoding) }]));
    for (const hit of hits)
      byKey.set(
        hit.key,
        hit.ids.map((id) => byId.get(id)).filter((c): c is Candidate => !!c),
      );
    return { byKey };
  }

  /**
   * Counts, for each encoding, the records carrying its first name (up to FIRST_NAME_COUNT_CAP,
   * from the key index alone: a name thousands carry costs no more than a rare one).
   */
  private async countFirstNames(manager: EntityManager, prepared: PreparedEncoding[]): Promise<void> {
    const keys = [...new Set(prepared.map((p) => firstNameKey(p.encoding)))];
    if (!keys.length) return;
    const rows: Array<{ key: string; carriers: number }> = await manager.query(
      `SELECT u.key, (SELECT count(*) FROM (SELECT 1 FROM linkage_key k WHERE k.key = u.key LIMIT $2) s)::int AS carriers
       FROM unnest($1::text[]) AS u(key)`,
      [keys, FIRST_NAME_COUNT_CAP],
    );
    const carriers = new Map(rows.map((row) => [row.key, row.carriers]));
    for (const p of prepared) p.firstCarriers = carriers.get(firstNameKey(p.encoding)) ?? 0;
  }

  /** How many different people (GSIDs) the registry holds under each full-name key. */
  private async countNamesakes(manager: EntityManager, keys: string[]): Promise<Map<string, number>> {
    if (!keys.length) return new Map();
    const rows: Array<{ key: string; people: number }> = await manager.query(
      `SELECT k.key, count(DISTINCT l.gsid)::int AS people FROM linkage_key k JOIN stakeholder_link l ON l.id = k.link_id
       WHERE k.key = ANY($1) GROUP BY k.key`,
      [[...new Set(keys)]],
    );
    return new Map(rows.map((row) => [row.key, row.people]));
  }

  private async writeFresh(manager: EntityManager, partnerId: string, rows: Array<{ outcome: ResolveOutcome; encoding: LinkageEncoding }>): Promise<void> {
    if (!rows.length) return;
    const created = rows.filter((r) => r.outcome.decision !== 'AUTO_LINK').map((r) => r.outcome.gsid);
    await manager.query('INSERT INTO stakeholder (gsid) SELECT unnest($1::text[])', [created]);
    const method = (o: ResolveOutcome) => (o.decision === 'AUTO_LINK' ? (o.rule ? 'DETERMINISTIC' : 'PROBABILISTIC') : 'NEW');
    const links: Array<{ id: string; local_id: string }> = await manager.query(
      `INSERT INTO stakeholder_link (gsid, partner_id, local_id, method, rule, score)
       SELECT g, $1, l, m, r, s FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::real[]) AS t(g, l, m, r, s)
       RETURNING id, local_id`,
      [
        partnerId,
        rows.map((r) => r.outcome.gsid),
        rows.map((r) => r.outcome.localId),
        rows.map((r) => method(r.outcome)),
        rows.map((r) => r.outcome.rule),
        rows.map((r) => r.outcome.score),
      ],
    );
    const linkId = new Map(links.map((l) => [l.local_id, l.id]));
    await this.writeEncodings(
      manager,
      rows.map((r) => ({ linkId: linkId.get(r.outcome.localId)!, encoding: r.encoding })),
    );
    await manager.query(
      `INSERT INTO link_decision (kind, partner_id, local_id, gsid, candidate_gsid, rule, score, review_status, actor, evidence, match_probability)
       SELECT k, $1, l, g, c, r, s, CASE WHEN k = 'POSSIBLE_MATCH' THEN 'OPEN' END, $2, e, p
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::real[], $9::jsonb[], $10::real[]) AS t(k, l, g, c, r, s, e, p)`,
      [
        partnerId,
        SYSTEM_ACTOR,
        rows.map((r) => r.outcome.decision),
        rows.map((r) => r.outcome.localId),
        rows.map((r) => r.outcome.gsid),
        rows.map((r) => r.outcome.candidateGsid),
        rows.map((r) => r.outcome.rule),
        rows.map((r) => r.outcome.score),
        rows.map((r) => (r.outcome.evidence ? JSON.stringify(r.outcome.evidence) : null)),
        rows.map((r) => r.outcome.matchProbability ?? null),
      ],
    );
  }

  private async refreshExisting(manager: EntityManager, rows: Array<{ linkId: string; encoding: LinkageEncoding }>): Promise<void> {
    if (!rows.length) return;
    await manager.query('DELETE FROM linkage_key WHERE link_id = ANY($1)', [rows.map((r) => r.linkId)]);
    await this.writeEncodings(manager, rows);
  }

  private async writeEncodings(manager: EntityManager, rows: Array<{ linkId: string; encoding: LinkageEncoding }>): Promise<void> {
    // A fresh link's encoding carries updated_at = linked_at (both now()); resolving it again
    // stamps the clock, always later, which is how withdrawal knows another request holds its GSID.
    await manager.query(
      `INSERT INTO linkage_encoding (link_id, scheme, encoding)
       SELECT i, s, e FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) AS t(i, s, e)
       ON CONFLICT (link_id) DO UPDATE SET scheme = excluded.scheme, encoding = excluded.encoding, updated_at = clock_timestamp()`,
      [rows.map((r) => r.linkId), rows.map((r) => r.encoding.scheme), rows.map((r) => JSON.stringify(r.encoding))],
    );
    const keyRows = rows.flatMap((r) => storedKeysOf(r.encoding).map((key) => [key, r.linkId] as const));
    await manager.query('INSERT INTO linkage_key (key, link_id) SELECT * FROM unnest($1::text[], $2::bigint[])', [
      keyRows.map(([key]) => key),
      keyRows.map(([, id]) => id),
    ]);
  }
}
