import { badInput, DomainError, ErrorCode, notFound } from '@coalition/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { compareStraight, FIELDS, LEVELS, prepare, type Pattern, type PreparedEncoding } from './compare';
import { estimateWeights, type EstimatePass, type WeightEstimate } from './estimate';
import { lockLinkage } from './linkage.service';
import { HAND_WEIGHTS } from './score';

/** At most this many pairs sharing a lookup key, and this many random pairs, are compared. */
export const CANDIDATE_SAMPLE = 100_000;
export const RANDOM_SAMPLE = 100_000;
const RANDOM_RECORDS = 5_000;

export interface WeightSet {
  id: string;
  estimatedAt: Date;
  estimatedBy: string;
  reason: string;
  active: boolean;
  activatedAt: Date | null;
  activatedBy: string | null;
  estimate: WeightEstimate;
}

type Log = (message: string) => void;

/**
 * A coalition's own weights: m and u probabilities estimated from the registry's records
 * (u from random pairs, m by expectation-maximisation over the pairs that share a lookup key,
 * as Splink does), stored beside the hand-set weights, and used only once a backbone analyst
 * activates them. Nothing here reads a name or a date: only how stored encodings compare.
 */
export class WeightsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Log = () => {},
  ) {}

  async estimate(who: { actor: string; reason: string }, activate = false): Promise<WeightSet> {
    if (!who.reason?.trim() || who.reason.length > 2000) throw badInput('reason', 'say why (1 to 2000 characters); it is kept with the estimate');
    const { passes, random, records } = await this.sample();
    let estimate: WeightEstimate;
    try {
      estimate = estimateWeights({ passes, random, records });
    } catch (error) {
      // Too few records to learn from is the caller's situation, not a fault: say what is missing.
      const reason = error instanceof Error ? error.message : String(error);
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `The registry holds too few linked records to estimate weights (${reason}); keep the hand-set weights`, {
        records,
      });
    }
    this.log(`linkage weights estimated from ${estimate.candidatePairs} candidate and ${random.length} random pairs in ${estimate.iterations} iterations`);
    if (activate && estimate.globalPriorLogOdds === null) {
      throw badInput('activate', 'the estimate has no prior over all pairs (too few records born the same day or sharing a name): keep the hand-set weights');
    }
    return this.dataSource.transaction(async (m) => {
      await lockLinkage(m);
      if (activate) await m.query(`UPDATE linkage_weights SET active = false WHERE active`);
      const [row] = await m.query(
        `INSERT INTO linkage_weights (estimated_by, reason, candidate_pairs, random_pairs, estimate, active, activated_at, activated_by)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN $1 END) RETURNING id`,
        [who.actor, who.reason.trim(), estimate.candidatePairs, estimate.randomPairs, JSON.stringify(estimate), activate],
      );
      return this.load(m, row.id);
    });
  }

  /** Keeps an estimate made elsewhere (another registry of the same coalition, a benchmark), not in use. */
  async importEstimate(estimate: WeightEstimate, who: { actor: string; reason: string }): Promise<WeightSet> {
    const [row] = await this.dataSource.query(
      `INSERT INTO linkage_weights (estimated_by, reason, candidate_pairs, random_pairs, estimate) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [who.actor, who.reason, estimate.candidatePairs, estimate.randomPairs, JSON.stringify(estimate)],
    );
    return this.load(this.dataSource.manager, row.id);
  }

  /** Puts an estimate in use, or (id null) goes back to the hand-set weights. Applies to records resolved from now on. */
  async activate(id: string | null, who: { actor: string }): Promise<WeightSet | null> {
    if (id !== null && !/^\d{1,18}$/.test(id)) throw badInput('id', 'is not a weight estimate id');
    return this.dataSource.transaction(async (m) => {
      await lockLinkage(m);
      await m.query(`UPDATE linkage_weights SET active = false WHERE active`);
      if (id === null) return null;
      const [found] = await m.query(`SELECT estimate->'globalPriorLogOdds' AS prior FROM linkage_weights WHERE id = $1`, [id]);
      if (!found) throw notFound('weight estimate', id, { field: 'id' });
      if (typeof found.prior !== 'number') {
        throw badInput('id', `estimate ${id} has no prior over all pairs (too few records born the same day or sharing a name): it cannot decide links`);
      }
      await m.query(`UPDATE linkage_weights SET active = true, activated_at = now(), activated_by = $2 WHERE id = $1`, [id, who.actor]);
      return this.load(m, id);
    });
  }

  async list(): Promise<WeightSet[]> {
    const rows = await this.dataSource.query(`SELECT * FROM linkage_weights ORDER BY id DESC LIMIT 20`);
    return rows.map(toSet);
  }

  private async load(m: EntityManager, id: string): Promise<WeightSet> {
    const [row] = await m.query(`SELECT * FROM linkage_weights WHERE id = $1`, [id]);
    return toSet(row);
  }

  /**
   * Two blocking passes, as Splink runs them: pairs born the same day (estimates every field but
   * the birth date) and pairs with the same full name (estimates the birth date and the rest);
   * random pairs for u. Each pass is sampled down to CANDIDATE_SAMPLE pairs.
   */
  private async sample(): Promise<{ passes: EstimatePass[]; random: Pattern[]; records: number }> {
    const [{ records }] = await this.dataSource.query(`SELECT count(*)::int AS records FROM stakeholder_link`);
    const passes: EstimatePass[] = [];
    const blocks = {
      dob: `SELECT link_id, encoding->'blocks'->>0 AS k FROM linkage_encoding`,
      names: `SELECT link_id, key AS k FROM linkage_key WHERE key LIKE 'name-pair:%'`,
    };
    const pairIds: Array<{ a: string; b: string }>[] = [];
    for (const [name, source] of Object.entries(blocks)) {
      const [{ pairs }] = await this.dataSource.query(
        `SELECT coalesce(sum(n * (n - 1) / 2), 0)::bigint AS pairs FROM (SELECT count(*) AS n FROM (${source}) s GROUP BY k) g`,
      );
      const sampled: Array<{ a: string; b: string }> = await this.dataSource.query(
        `WITH s AS (${source}) SELECT x.link_id AS a, y.link_id AS b FROM s x JOIN s y ON y.k = x.k AND y.link_id > x.link_id
         ORDER BY md5(x.link_id::text || ':' || y.link_id::text) LIMIT $1`,
        [CANDIDATE_SAMPLE],
      );
      this.log(`linkage weights: ${name} pass, ${sampled.length} of ${pairs} pairs`);
      pairIds.push(sampled);
      passes.push({ name, candidates: [], fixed: name === 'dob' ? ['dob'] : ['first', 'last'], pairs: Number(pairs) });
    }
    // Random pairs: a random sample of records, each paired with the next few in the sample.
    const ids: string[] = (await this.dataSource.query(`SELECT id FROM stakeholder_link ORDER BY random() LIMIT $1`, [RANDOM_RECORDS])).map(
      (r: { id: string }) => String(r.id),
    );
    const randomPairs: Array<{ a: string; b: string }> = [];
    for (let step = 1; step < ids.length && randomPairs.length < RANDOM_SAMPLE; step++) {
      for (let i = 0; i < ids.length && randomPairs.length < RANDOM_SAMPLE; i++) randomPairs.push({ a: ids[i], b: ids[(i + step) % ids.length] });
    }
    const wanted = [...new Set([...pairIds.flat(), ...randomPairs].flatMap((p) => [String(p.a), String(p.b)]))];
    const encodings = new Map<string, PreparedEncoding>();
    for (let i = 0; i < wanted.length; i += 20_000) {
      const rows: Array<{ link_id: string; encoding: PreparedEncoding['encoding'] }> = await this.dataSource.query(
        `SELECT link_id, encoding FROM linkage_encoding WHERE link_id = ANY($1)`,
        [wanted.slice(i, i + 20_000)],
      );
      for (const row of rows) encodings.set(String(row.link_id), prepare(row.encoding));
      this.log(`linkage weights: ${Math.min(i + 20_000, wanted.length)} of ${wanted.length} encodings read`);
    }
    const compare = (list: Array<{ a: string; b: string }>) =>
      list.flatMap(({ a, b }) => {
        const x = encodings.get(String(a));
        const y = encodings.get(String(b));
        return x && y ? [compareStraight(x, y)] : [];
      });
    pairIds.forEach((list, i) => {
      passes[i].candidates = compare(list);
    });
    return { passes, random: compare(randomPairs), records };
  }
}

function toSet(row: Record<string, unknown>): WeightSet {
  return {
    id: String(row.id),
    estimatedAt: row.estimated_at as Date,
    estimatedBy: row.estimated_by as string,
    reason: row.reason as string,
    active: row.active as boolean,
    activatedAt: (row.activated_at as Date) ?? null,
    activatedBy: (row.activated_by as string) ?? null,
    estimate: row.estimate as WeightEstimate,
  };
}

/** Each field and level with the hand-set weight and, when given, an estimate's m, u and weight. */
export function weightTable(estimate: WeightEstimate | null) {
  return FIELDS.flatMap((field) =>
    (LEVELS[field] as readonly string[]).map((level) => ({
      field,
      level,
      handWeight: (HAND_WEIGHTS[field] as Record<string, number>)[level],
      m: estimate ? (estimate.m[field] as Record<string, number>)[level] : null,
      u: estimate ? (estimate.u[field] as Record<string, number>)[level] : null,
      weight: estimate ? (estimate.weights[field] as Record<string, number>)[level] : null,
      fallback: estimate ? estimate.fallback.some((f) => f.field === field && f.level === level) : false,
    })),
  );
}
