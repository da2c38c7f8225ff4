import { randomBytes } from 'node:crypto';
import { badInput, isOneOf, notFound, PARTNER_ID_PATTERN, PROGRAM_TYPES, type ProgramType } from '@coalition/shared';
import { partnerIssuer, type ProofKey } from '@coalition/shared/auth';
import type { DataSource, EntityManager } from 'typeorm';
import { Partner, type PartnerStatus } from './partner.entity';

/** What a partner's service needs to join: shown once, when issued; the registry keeps only what checks it. */
export interface IssuedKey {
  keyId: string;
  /** The partner's REGISTRY_KEY: it signs its identity-resolution requests with it. */
  registryKey: string;
  /** When the key it replaces stops being accepted (a rotation), or null. */
  previousKeyExpiresAt: Date | null;
}

export type PartnerAction = 'REGISTERED' | 'KEY_ROTATED' | 'SUSPENDED' | 'REACTIVATED' | 'RETIRED';

export interface PartnerChangeRow {
  partnerId: string;
  action: PartnerAction;
  actor: string;
  reason: string | null;
  at: Date;
}

/** Statuses whose keys are accepted: a partner loads and links its people while ONBOARDING, before it is asked figures. */
const SIGNING: readonly PartnerStatus[] = ['ACTIVE', 'ONBOARDING'];
/** How long the registry trusts what it read of a partner's keys: a change made through another replica shows within this. */
const KEY_CACHE_MS = 5_000;
/** Partners whose keys are kept at once: issuers are named by whoever sends a proof, so the cache must not grow with them. */
const KEY_CACHE_ENTRIES = 1_000;
/** A rotation's overlap: the old key keeps working this long, so the partner can switch without an outage. */
export const DEFAULT_OVERLAP_HOURS = 24;
const MAX_OVERLAP_HOURS = 24 * 30;
const MAX_REASON = 2000;

const newKeyId = () => `pk_${randomBytes(8).toString('hex')}`;
// 32 random bytes as base64url: 43 characters, over the 32 every service requires of a key.
const newSecret = () => randomBytes(32).toString('base64url');

function reasonOf(reason: string): string {
  const text = reason.trim();
  if (!text) throw badInput('reason', 'say why (it is kept with the change)');
  if (text.length > MAX_REASON) throw badInput('reason', `at most ${MAX_REASON} characters`);
  return text;
}

function endpointOf(endpoint: string | null | undefined): string | null {
  if (endpoint === null || endpoint === undefined || endpoint === '') return null;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw badInput('endpoint', `"${endpoint}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput('endpoint', 'must be an http(s) URL');
  return endpoint;
}

/**
 * A partner's life in the coalition, each step one transaction with its audit row: registered
 * (with a key to sign identity resolution), keys rotated with an overlap, suspended (out of scope
 * and its keys refused, its data and links kept), reactivated, retired (out for good).
 */
export class PartnerLifecycle {
  private readonly keyCache = new Map<string, { at: number; keys: ProofKey[] }>();

  constructor(
    private readonly dataSource: DataSource,
    /** Keys a deployment gives in PARTNER_REGISTRY_KEYS (the demo's partners): accepted while the partner may sign, like issued ones. */
    private readonly configuredKeys: Readonly<Record<string, string>> = {},
  ) {}

  async register(
    input: { id: string; name: string; programType: string; endpoint?: string | null },
    actor: string,
  ): Promise<{ partner: Partner; key: IssuedKey }> {
    if (!PARTNER_ID_PATTERN.test(input.id))
      throw badInput('id', `"${input.id}" is not a partner id (a lower-case slug: letters, digits and -, 2 to 40 characters)`);
    const name = input.name.trim();
    if (!name) throw badInput('name', 'must not be empty');
    if (name.length > 200) throw badInput('name', 'at most 200 characters');
    if (!isOneOf(PROGRAM_TYPES, input.programType)) throw badInput('programType', `must be one of ${PROGRAM_TYPES.join(', ')}`);
    const endpoint = endpointOf(input.endpoint);
    // A signature tried before the partner existed was cached as "no key".
    this.keyCache.delete(input.id);
    return this.dataSource.transaction(async (manager) => {
      const taken = await manager.query('SELECT status FROM partner WHERE id = $1', [input.id]);
      if (taken.length) throw badInput('id', `partner "${input.id}" already exists (${taken[0].status}); rotate its key or reactivate it instead`);
      // With an endpoint the gateway asks it from its next directory refresh; without, it onboards first.
      const status: PartnerStatus = endpoint ? 'ACTIVE' : 'ONBOARDING';
      await manager.query('INSERT INTO partner (id, name, program_type, endpoint, status) VALUES ($1, $2, $3, $4, $5)', [
        input.id,
        name,
        input.programType as ProgramType,
        endpoint,
        status,
      ]);
      const key = await this.issue(manager, input.id, actor);
      await this.record(manager, input.id, 'REGISTERED', actor, null);
      return { partner: (await manager.getRepository(Partner).findOneByOrFail({ id: input.id })) as Partner, key: { ...key, previousKeyExpiresAt: null } };
    });
  }

  /** A new key; the current one keeps working for `overlapHours` (0: refused at once, e.g. after a leak). */
  async rotateKey(id: string, overlapHours: number, actor: string): Promise<{ partner: Partner; key: IssuedKey }> {
    if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS)
      throw badInput('overlapHours', `a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}`);
    return this.change(id, async (manager, partner) => {
      if (partner.status === 'RETIRED') throw badInput('id', `partner "${id}" is retired; its keys are not renewed`);
      // TypeORM answers an UPDATE ... RETURNING with [rows, count].
      const [expired]: [Array<{ expires_at: Date }>, number] = await manager.query(
        `UPDATE partner_key SET expires_at = now() + make_interval(hours => $2)
         WHERE partner_id = $1 AND (expires_at IS NULL OR expires_at > now() + make_interval(hours => $2))
         RETURNING expires_at`,
        [id, overlapHours],
      );
      const key = await this.issue(manager, id, actor);
      await this.record(manager, id, 'KEY_ROTATED', actor, null);
      const until = expired.length ? new Date(Math.max(...expired.map((r) => new Date(r.expires_at).getTime()))) : null;
      return { partner, key: { ...key, previousKeyExpiresAt: until } };
    });
  }

  async suspend(id: string, reason: string, actor: string): Promise<Partner> {
    const why = reasonOf(reason);
    return this.setStatus(id, ['ACTIVE', 'ONBOARDING'], 'SUSPENDED', 'SUSPENDED', why, actor);
  }

  /** ACTIVE again, or for the first time after onboarding; `endpoint` sets or moves where the gateway reaches it. */
  async reactivate(id: string, reason: string, actor: string, endpoint?: string | null): Promise<Partner> {
    const why = reasonOf(reason);
    const moved = endpointOf(endpoint);
    return this.change(id, async (manager, partner) => {
      if (partner.status !== 'SUSPENDED' && partner.status !== 'ONBOARDING' && partner.status !== 'INACTIVE')
        throw badInput('id', `partner "${id}" is ${partner.status}; only a suspended, onboarding or inactive partner is reactivated`);
      const target = moved ?? partner.endpoint;
      if (!target) throw badInput('endpoint', `partner "${id}" has no endpoint yet: give the URL the gateway reaches its service at`);
      await manager.query(`UPDATE partner SET status = 'ACTIVE', endpoint = $2, updated_at = now() WHERE id = $1`, [id, target]);
      await this.record(manager, id, 'REACTIVATED', actor, why);
      return manager.getRepository(Partner).findOneByOrFail({ id });
    });
  }

  /** Out for good: out of scope, every key refused at once; its records and links stay for the audit trail. */
  async retire(id: string, reason: string, actor: string): Promise<Partner> {
    const why = reasonOf(reason);
    return this.change(id, async (manager, partner) => {
      if (partner.status === 'RETIRED') throw badInput('id', `partner "${id}" is already retired`);
      await manager.query(`UPDATE partner SET status = 'RETIRED', updated_at = now() WHERE id = $1`, [id]);
      await manager.query(`UPDATE partner_key SET expires_at = now() WHERE partner_id = $1 AND (expires_at IS NULL OR expires_at > now())`, [id]);
      await this.record(manager, id, 'RETIRED', actor, why);
      return manager.getRepository(Partner).findOneByOrFail({ id });
    });
  }

  async changes(id: string): Promise<PartnerChangeRow[]> {
    const rows = await this.dataSource.query('SELECT partner_id, action, actor, reason, at FROM partner_change WHERE partner_id = $1 ORDER BY at, id', [id]);
    return rows.map((r: { partner_id: string; action: PartnerAction; actor: string; reason: string | null; at: Date }) => ({
      partnerId: r.partner_id,
      action: r.action,
      actor: r.actor,
      reason: r.reason,
      at: new Date(r.at),
    }));
  }

  /**
   * The keys a partner's signature is checked against: none unless it may sign (ACTIVE or
   * ONBOARDING, or not listed at all), else its issued keys not yet expired and any
   * PARTNER_REGISTRY_KEYS gives it.
   * Read at most every few seconds per partner; a change made here is seen at once.
   */
  async keysFor(issuer: string): Promise<ProofKey[]> {
    const id = issuer.startsWith('partner:') ? issuer.slice('partner:'.length) : null;
    if (!id || !PARTNER_ID_PATTERN.test(id) || partnerIssuer(id) !== issuer) return [];
    const cached = this.keyCache.get(id);
    if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached.keys;
    const rows: Array<{ secret: string | null; status: string }> = await this.dataSource.query(
      `SELECT k.secret, p.status FROM partner p
       LEFT JOIN partner_key k ON k.partner_id = p.id AND (k.expires_at IS NULL OR k.expires_at > now())
       WHERE p.id = $1 ORDER BY k.expires_at DESC NULLS FIRST`,
      [id],
    );
    // A partner the registry does not list yet may still sign with a configured key (as before
    // partners were registered here); a listed one only while its status allows.
    const configured = Object.hasOwn(this.configuredKeys, id) ? [this.configuredKeys[id]] : [];
    const maySign = rows.length === 0 || (SIGNING as readonly string[]).includes(rows[0].status);
    const secrets = maySign ? [...rows.flatMap((r) => (r.secret ? [r.secret] : [])), ...configured] : [];
    const keys: ProofKey[] = secrets.map((key) => ({ algorithm: 'HS256', key }));
    this.keyCache.delete(id);
    this.keyCache.set(id, { at: Date.now(), keys });
    if (this.keyCache.size > KEY_CACHE_ENTRIES) this.keyCache.delete(this.keyCache.keys().next().value!);
    return keys;
  }

  private async issue(manager: EntityManager, partnerId: string, actor: string): Promise<{ keyId: string; registryKey: string }> {
    const keyId = newKeyId();
    const registryKey = newSecret();
    await manager.query('INSERT INTO partner_key (id, partner_id, secret, created_by) VALUES ($1, $2, $3, $4)', [keyId, partnerId, registryKey, actor]);
    return { keyId, registryKey };
  }

  private async record(manager: EntityManager, partnerId: string, action: PartnerAction, actor: string, reason: string | null): Promise<void> {
    await manager.query('INSERT INTO partner_change (partner_id, action, actor, reason) VALUES ($1, $2, $3, $4)', [partnerId, action, actor, reason]);
  }

  private setStatus(id: string, from: readonly PartnerStatus[], to: PartnerStatus, action: PartnerAction, reason: string, actor: string): Promise<Partner> {
    return this.change(id, async (manager, partner) => {
      if (!from.includes(partner.status))
        throw badInput('id', `partner "${id}" is ${partner.status}; only ${from.join(' or ')} partners can be ${to.toLowerCase()}`);
      await manager.query('UPDATE partner SET status = $2, updated_at = now() WHERE id = $1', [id, to]);
      await this.record(manager, id, action, actor, reason);
      return manager.getRepository(Partner).findOneByOrFail({ id });
    });
  }

  /** One change to one partner: its row locked for the transaction, its cached keys dropped after. */
  private async change<T>(id: string, work: (manager: EntityManager, partner: Partner) => Promise<T>): Promise<T> {
    if (!PARTNER_ID_PATTERN.test(id)) throw badInput('id', `"${id}" is not a partner id (lower-case slug)`);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [row] = await manager.query('SELECT id FROM partner WHERE id = $1 FOR UPDATE', [id]);
        if (!row) throw notFound('partner', id, { partnerId: id });
        return work(manager, await manager.getRepository(Partner).findOneByOrFail({ id }));
      });
    } finally {
      this.keyCache.delete(id);
    }
  }
}
