import { randomBytes } from 'node:crypto';
import { badInput, DomainError, ErrorCode, gsidFromBytes, isValidGsid, notFound } from '@coalition/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { LinkDecision } from './link-decision.entity';
import { lockLinkage } from './linkage.service';
import { findSurvivors } from '../stakeholder/survivors';

export interface Actor {
  actor: string;
  reason: string;
}

const conflict = (message: string, details: Record<string, unknown>) => new DomainError(ErrorCode.BAD_USER_INPUT, message, details);

function checkActor({ actor, reason }: Actor): void {
  if (!actor?.trim() || actor.length > 200) throw badInput('actor', 'name who is acting (1 to 200 characters)');
  if (!reason?.trim() || reason.length > 2000) throw badInput('reason', 'say why (1 to 2000 characters); it is kept in the audit trail');
}

/**
 * What backbone analysts do to links: confirm or reject a possible match, split a wrong link,
 * re-join a split, merge two GSIDs. Every action is one transaction that records who, when and
 * why; splits and rejections leave "cannot link" constraints that automatic resolution and
 * merges respect.
 */
export class ReviewService {
  constructor(private readonly dataSource: DataSource) {}

  async decision(id: string): Promise<LinkDecision> {
    if (!/^\d{1,18}$/.test(id)) throw badInput('id', 'is not a decision id');
    const found = await this.dataSource.getRepository(LinkDecision).findOneBy({ id });
    if (!found) throw notFound('decision', id, { field: 'id' });
    return found;
  }

  reviewQueue(first: number): Promise<LinkDecision[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first', 'must be 1 to 500');
    // Most likely matches first (the evidence decides, not arrival); ties oldest first.
    return this.dataSource
      .getRepository(LinkDecision)
      .createQueryBuilder('d')
      .where(`d.review_status = 'OPEN'`)
      .orderBy('d.match_probability', 'DESC', 'NULLS LAST')
      .addOrderBy('d.decided_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .take(first)
      .getMany();
  }

  decisionsFor(gsids: readonly string[]): Promise<LinkDecision[]> {
    return this.dataSource
      .getRepository(LinkDecision)
      .createQueryBuilder('d')
      .where('d.gsid = ANY(:gsids) OR d.candidate_gsid = ANY(:gsids)', { gsids: [...gsids] })
      .orderBy('d.decided_at')
      .addOrderBy('d.id')
      .getMany();
  }

  /** The record's GSID is merged into the candidate's: the candidate's GSID survives. */
  confirm(id: string, who: Actor): Promise<LinkDecision> {
    checkActor(who);
    return this.dataSource.transaction(async (m) => {
      await lockLinkage(m);
      const open = await this.openMatch(m, id);
      const { gsid: recordGsid } = await this.link(m, open.partnerId!, open.localId!);
      const target = await this.survivor(m, open.candidateGsid!);
      await m.query(`UPDATE link_decision SET review_status = 'CONFIRMED' WHERE id = $1`, [id]);
      if (recordGsid !== target) await this.mergeInto(m, target, recordGsid);
      await m.query(`UPDATE stakeholder_link SET method = 'MANUAL' WHERE partner_id = $1 AND local_id = $2`, [open.partnerId, open.localId]);
      return this.record(
        m,
        {
          kind: 'CONFIRM',
          partnerId: open.partnerId,
          localId: open.localId,
          gsid: target,
          candidateGsid: recordGsid,
          refersTo: id,
          evidence: open.evidence,
          matchProbability: open.matchProbability,
        },
        who,
      );
    });
  }

  /** The two stay apart, now and in any later merge. */
  reject(id: string, who: Actor): Promise<LinkDecision> {
    checkActor(who);
    return this.dataSource.transaction(async (m) => {
      await lockLinkage(m);
      const open = await this.openMatch(m, id);
      const { id: linkId, gsid: recordGsid } = await this.link(m, open.partnerId!, open.localId!);
      const other = await this.survivor(m, open.candidateGsid!);
      if (recordGsid === other) throw conflict(`Decision ${id}: the record has since been linked to ${other}; split it instead`, { field: 'id' });
      await m.query(`UPDATE link_decision SET review_status = 'REJECTED' WHERE id = $1`, [id]);
      const decision = await this.record(
        m,
        {
          kind: 'REJECT',
          partnerId: open.partnerId,
          localId: open.localId,
          gsid: recordGsid,
          candidateGsid: other,
          refersTo: id,
          evidence: open.evidence,
          matchProbability: open.matchProbability,
        },
        who,
      );
      await m.query(`INSERT INTO link_constraint (link_id, gsid, decision_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [linkId, other, decision.id]);
      return decision;
    });
  }

  /** Takes one partner record off its GSID onto a new one, and keeps it off. */
  split(partnerId: string, localId: string, who: Actor): Promise<LinkDecision> {
    checkActor(who);
    return this.dataSource.transaction(async (m) => {
      await lockLinkage(m);
      const { id: linkId, gsid: from } = await this.link(m, partnerId, localId);
      const [{ n }] = await m.query('SELECT count(*)::int AS n FROM stakeholder_link WHERE gsid = $1', [from]);
      if (n < 2) throw conflict(`${partnerId}/${localId} is the only record of ${from}: there is nothing to split it from`, { field: 'localId' });
      const to = gsidFromBytes(randomBytes(8));
      await m.query('INSERT INTO stakeholder (gsid) VALUES ($1)', [to]);
      await m.query(`UPDATE stakeholder_link SET gsid = $1, method = 'MANUAL', linked_at = now() WHERE id = $2`, [to, linkId]);
      const decision = await this.record(m, { kind: 'SPLIT', partnerId, localId, gsid: to, candidateGsid: from }, who);
      await m.query('INSERT INTO link_constraint (link_id, gsid, decision_id) VALUES ($1, $2, $3)', [linkId, from, decision.id]);
      return decision;
    });
  }

  /**
   * Consent to share identity withdrawn, record by record: a record sharing its GSID with others
   * is split off (audited as the partner, reason "consent revoked"); one alone on its GSID has
   * nothing to leave; one never linked is absent.
   */
  async revokeForConsent(partnerId: string, localIds: readonly string[]): Promise<Array<{ localId: string; status: 'SPLIT' | 'ALONE' | 'ABSENT' }>> {
    if (localIds.length > 1000) throw badInput('localIds', 'at most 1000 at once');
    const out: Array<{ localId: string; status: 'SPLIT' | 'ALONE' | 'ABSENT' }> = [];
    for (const localId of new Set(localIds)) {
      const [link] = await this.dataSource.query(
        'SELECT (SELECT count(*)::int FROM stakeholder_link o WHERE o.gsid = l.gsid) AS records FROM stakeholder_link l WHERE l.partner_id = $1 AND l.local_id = $2',
        [partnerId, localId],
      );
      if (!link) out.push({ localId, status: 'ABSENT' });
      else if (link.records < 2) out.push({ localId, status: 'ALONE' });
      else {
        await this.split(partnerId, localId, { actor: `partner:${partnerId}`, reason: 'consent revoked' });
        out.push({ localId, status: 'SPLIT' });
      }
    }
    return out;
  }

  /** Undoes a split: lifts its constraint and merges the split-off GSID back. */
  rejoin(splitId: string, who: Actor): Promise<LinkDecision> {
    checkActor(who);
    return this.dataSource.transaction(async (m) => {
      await lockLinkage(m);
      const split = await this.lockDecision(m, splitId);
      if (split.kind !== 'SPLIT') throw badInput('id', `decision ${splitId} is a ${split.kind}, not a SPLIT`);
      const { id: linkId, gsid: current } = await this.link(m, split.partnerId!, split.localId!);
      const [lifted] = await m.query('DELETE FROM link_constraint WHERE decision_id = $1 RETURNING gsid', [splitId]);
      if (!lifted) throw conflict(`Split ${splitId} has already been re-joined`, { field: 'id' });
      const target = await this.survivor(m, split.candidateGsid!);
      if (current !== target) await this.mergeInto(m, target, current);
      await m.query(`UPDATE stakeholder_link SET method = 'MANUAL' WHERE id = $1`, [linkId]);
      return this.record(
        m,
        { kind: 'REJOIN', partnerId: split.partnerId, localId: split.localId, gsid: target, candidateGsid: current, refersTo: splitId },
        who,
      );
    });
  }

  /** Two GSIDs are one person: `absorbed` resolves to `survivor` from now on. */
  merge(survivorGsid: string, absorbedGsid: string, who: Actor): Promise<LinkDecision> {
    checkActor(who);
    for (const [field, gsid] of [
      ['survivor', survivorGsid],
      ['absorbed', absorbedGsid],
    ]) {
      if (!isValidGsid(gsid)) throw badInput(field, 'is not a well-formed GSID');
    }
    return this.dataSource.transaction(async (m) => {
      await lockLinkage(m);
      const survivor = await this.survivor(m, survivorGsid, 'survivor');
      const absorbed = await this.survivor(m, absorbedGsid, 'absorbed');
      if (survivor === absorbed) throw badInput('absorbed', `already resolves to ${survivor}`);
      await this.mergeInto(m, survivor, absorbed);
      return this.record(m, { kind: 'MERGE', gsid: survivor, candidateGsid: absorbed }, who);
    });
  }

  /** Refuses when a split or rejection stands between the two. */
  private async mergeInto(m: EntityManager, survivor: string, absorbed: string): Promise<void> {
    const [blocked] = await m.query(
      `SELECT c.decision_id, d.kind FROM link_constraint c JOIN stakeholder_link l ON l.id = c.link_id JOIN link_decision d ON d.id = c.decision_id
       WHERE (l.gsid = $1 AND c.gsid = $2) OR (l.gsid = $2 AND c.gsid = $1) LIMIT 1`,
      [survivor, absorbed],
    );
    if (blocked) {
      throw conflict(
        `${absorbed} and ${survivor} were kept apart by ${blocked.kind} decision ${blocked.decision_id}; re-join that split (or review it) first`,
        { decisionId: blocked.decision_id },
      );
    }
    await m.query('UPDATE stakeholder SET merged_into = $1 WHERE gsid = $2', [survivor, absorbed]);
    await m.query('UPDATE stakeholder_link SET gsid = $1 WHERE gsid = $2', [survivor, absorbed]);
    // A record kept away from the absorbed GSID stays away from what it became part of.
    await m.query(
      `INSERT INTO link_constraint (link_id, gsid, decision_id) SELECT link_id, $1, decision_id FROM link_constraint WHERE gsid = $2 ON CONFLICT DO NOTHING`,
      [survivor, absorbed],
    );
    await m.query('DELETE FROM link_constraint WHERE gsid = $1', [absorbed]);
  }

  private async lockDecision(m: EntityManager, id: string): Promise<LinkDecision> {
    if (!/^\d{1,18}$/.test(id)) throw badInput('id', 'is not a decision id');
    const found = await m.getRepository(LinkDecision).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
    if (!found) throw notFound('decision', id, { field: 'id' });
    return found;
  }

  private async openMatch(m: EntityManager, id: string): Promise<LinkDecision> {
    const decision = await this.lockDecision(m, id);
    if (decision.kind !== 'POSSIBLE_MATCH') throw badInput('id', `decision ${id} is a ${decision.kind}, not a POSSIBLE_MATCH`);
    if (decision.reviewStatus !== 'OPEN') throw badInput('id', `decision ${id} was already ${decision.reviewStatus!.toLowerCase()}`);
    return decision;
  }

  /** The record's link, locked for the rest of the transaction. */
  private async link(m: EntityManager, partnerId: string, localId: string): Promise<{ id: string; gsid: string }> {
    const [row] = await m.query('SELECT id, gsid FROM stakeholder_link WHERE partner_id = $1 AND local_id = $2 FOR UPDATE', [partnerId, localId]);
    if (!row) throw notFound('partner record', `${partnerId}/${localId}`, { field: 'localId' });
    return row;
  }

  private async survivor(m: EntityManager, gsid: string, field = 'gsid'): Promise<string> {
    const survivor = (await findSurvivors(m, [gsid])).get(gsid);
    if (!survivor) throw notFound('GSID', gsid, { field });
    return survivor;
  }

  private async record(m: EntityManager, d: Partial<LinkDecision> & { kind: LinkDecision['kind']; gsid: string }, who: Actor): Promise<LinkDecision> {
    const [row] = await m.query(
      `INSERT INTO link_decision (kind, partner_id, local_id, gsid, candidate_gsid, refers_to, actor, reason, evidence, match_probability)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        d.kind,
        d.partnerId ?? null,
        d.localId ?? null,
        d.gsid,
        d.candidateGsid ?? null,
        d.refersTo ?? null,
        who.actor.trim(),
        who.reason.trim(),
        // A reviewer's decision keeps the pattern it was made on, so thresholds can be re-estimated from decisions.
        d.evidence ? JSON.stringify(d.evidence) : null,
        d.matchProbability ?? null,
      ],
    );
    return await m.getRepository(LinkDecision).findOneByOrFail({ id: row.id });
  }
}
