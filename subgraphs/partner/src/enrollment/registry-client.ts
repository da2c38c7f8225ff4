import { randomUUID } from 'node:crypto';
import { partnerIssuer, PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import { DomainError, ErrorCode } from '@coalition/shared';
import { deriveLinkageKeys, encodeIdentity, normalizeIdentity, type IdentityInput, type LinkageEncoding, type LinkageKeys } from '@coalition/shared/linkage';

export interface LinkageConfig {
  /** The coalition's linkage secret: every partner holds the same one; the registry never does. */
  secret: string;
  /** This partner's key for signing its requests to the registry (the registry holds it too: PARTNER_REGISTRY_KEYS). */
  registryKey: string;
  /** The registry subgraph's GraphQL endpoint (called directly, not through the gateway). */
  registryUrl: string;
  timeoutMs?: number;
}

export interface LinkOutcome {
  localId: string;
  gsid: string;
  decision: 'NEW' | 'AUTO_LINK' | 'POSSIBLE_MATCH' | 'EXISTING';
  rule: string | null;
  score: number | null;
}

/** A page of this partner's link changes at the registry (linkChanges), oldest first. */
export interface LinkChangePage {
  changes: Array<{ localId: string; gsid: string; version: string }>;
  /** the last change of the page, or the `since` asked when it has none */
  version: string;
  hasMore: boolean;
}

/** What the registry did about a link the partner asked it to withdraw (withdrawIdentities). */
export interface Withdrawal {
  localId: string;
  status: 'WITHDRAWN' | 'ABSENT' | 'KEPT';
  reason: string | null;
}

const RESOLVE = `mutation Resolve($partnerId: ID!, $records: [LinkageRecordInput!]!) {
  resolveIdentities(partnerId: $partnerId, records: $records) { localId gsid decision rule score }
}`;
const WITHDRAW = `mutation Withdraw($partnerId: ID!, $records: [LinkageWithdrawalInput!]!) {
  withdrawIdentities(partnerId: $partnerId, records: $records) { localId status reason }
}`;
const REVOKE = `mutation Revoke($partnerId: ID!, $localIds: [ID!]!) {
  revokeIdentities(partnerId: $partnerId, localIds: $localIds) { localId status }
}`;
const LINK_CHANGES = `query LinkChanges($partnerId: ID!, $since: String!, $first: Int!) {
  linkChanges(partnerId: $partnerId, since: $since, first: $first) { changes { localId gsid version } version hasMore }
}`;
const BATCH = 1000;
/**
 * A withdrawal undoes a write that just failed: it is retried after these pauses while the
 * registry is unreachable, and each try waits at most WITHDRAW_TIMEOUT_MS, so the caller hears
 * back in seconds, not minutes.
 */
const WITHDRAW_RETRY_MS = [200, 1_000, 3_000];
const WITHDRAW_TIMEOUT_MS = 10_000;

const unavailable = (reason: string) =>
  new DomainError(ErrorCode.REGISTRY_UNAVAILABLE, `The registry could not link the record(s): ${reason}. Nothing was written; try again.`, { reason });

/**
 * Turns identities into GSIDs: normalizes and encodes them here, at the partner, and sends the
 * registry only the encodings. Names, dates and identifiers never leave this process.
 */
export class RegistryLinker {
  private readonly keys: LinkageKeys;

  constructor(
    private readonly partnerId: string,
    private readonly config: LinkageConfig,
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {
    this.keys = deriveLinkageKeys(config.secret);
  }

  /** Throws BAD_USER_INPUT naming the field when an identity cannot be used. */
  encode(identity: IdentityInput): LinkageEncoding {
    return encodeIdentity(normalizeIdentity(identity, this.today()), this.keys);
  }

  link(records: ReadonlyArray<{ localId: string; identity: IdentityInput }>, onProgress?: (done: number) => void): Promise<LinkOutcome[]> {
    return this.linkEncoded(
      records.map((r) => ({ localId: r.localId, encoding: this.encode(r.identity) })),
      onProgress,
    );
  }

  /**
   * For callers that already encoded (to check identities before anything is sent). Each batch
   * is one registry transaction; `onBatch` hears of each one committed, so a caller can
   * withdraw them all if a later batch or its own write fails (see Resolution).
   */
  async linkEncoded(
    encoded: ReadonlyArray<{ localId: string; encoding: LinkageEncoding }>,
    onProgress?: (done: number) => void,
    onBatch?: (outcomes: readonly LinkOutcome[]) => void,
  ): Promise<LinkOutcome[]> {
    const outcomes: LinkOutcome[] = [];
    for (let start = 0; start < encoded.length; start += BATCH) {
      const batch = await this.send<LinkOutcome[]>(
        RESOLVE,
        'resolveIdentities',
        { records: encoded.slice(start, start + BATCH) },
        this.config.timeoutMs ?? 60_000,
      );
      onBatch?.(batch);
      outcomes.push(...batch);
      onProgress?.(Math.min(start + BATCH, encoded.length));
    }
    return outcomes;
  }

  /**
   * Asks the registry to withdraw the links it just made for these records (their local ids
   * and the GSIDs it gave). Retried while the registry is unreachable; throws
   * REGISTRY_UNAVAILABLE when it stays so, or the registry's refusal.
   */
  async withdraw(records: ReadonlyArray<{ localId: string; gsid: string }>): Promise<Withdrawal[]> {
    const results: Withdrawal[] = [];
    for (let start = 0; start < records.length; start += BATCH) {
      const batch = records.slice(start, start + BATCH);
      for (let attempt = 0; ; attempt++) {
        try {
          results.push(
            ...(await this.send<Withdrawal[]>(
              WITHDRAW,
              'withdrawIdentities',
              { records: batch },
              Math.min(this.config.timeoutMs ?? 60_000, WITHDRAW_TIMEOUT_MS),
            )),
          );
          break;
        } catch (error) {
          const retry = error instanceof DomainError && error.code === ErrorCode.REGISTRY_UNAVAILABLE && attempt < WITHDRAW_RETRY_MS.length;
          if (!retry) throw error;
          await new Promise((resolve) => setTimeout(resolve, WITHDRAW_RETRY_MS[attempt]));
        }
      }
    }
    return results;
  }

  /**
   * Consent to share identity withdrawn: the registry takes these records off the people they
   * were linked to (an audited split, never re-linked). Throws REGISTRY_UNAVAILABLE when it does
   * not answer: the caller records nothing until it has.
   */
  async revoke(localIds: readonly string[]): Promise<Array<{ localId: string; status: 'SPLIT' | 'ALONE' | 'ABSENT' }>> {
    const results: Array<{ localId: string; status: 'SPLIT' | 'ALONE' | 'ABSENT' }> = [];
    for (let start = 0; start < localIds.length; start += BATCH) {
      results.push(
        ...(await this.send<typeof results>(REVOKE, 'revokeIdentities', { localIds: localIds.slice(start, start + BATCH) }, this.config.timeoutMs ?? 60_000)),
      );
    }
    return results;
  }

  /**
   * This partner's records whose GSID is new or has moved at the registry since `since` (a
   * version a previous page gave, or "0"): what its stored GSIDs must follow after merges and
   * splits. Throws REGISTRY_UNAVAILABLE when the registry does not answer.
   */
  linkChanges(since: string, first = BATCH): Promise<LinkChangePage> {
    return this.send<LinkChangePage>(LINK_CHANGES, 'linkChanges', { since, first }, this.config.timeoutMs ?? 60_000);
  }

  private async send<T>(query: string, field: string, variables: Record<string, unknown>, timeoutMs: number): Promise<T> {
    let response: Response;
    try {
      const body = JSON.stringify({ query, variables: { partnerId: this.partnerId, ...variables } });
      // The registry answers only proven requests: this partner signs its own with its registry key.
      const proof = new ProofSigner({ algorithm: 'HS256', key: this.config.registryKey }, partnerIssuer(this.partnerId)).sign(
        'registry',
        body,
        null,
        randomUUID(),
      );
      response = await fetch(this.config.registryUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PROOF_HEADER]: proof },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unavailable((error as Error).name === 'TimeoutError' ? 'no answer in time' : 'not reachable');
    }
    const body = (await response.json().catch(() => null)) as {
      data?: Record<string, T | undefined>;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    } | null;
    const error = body?.errors?.[0];
    if (error?.extensions?.code === ErrorCode.BAD_USER_INPUT || error?.extensions?.code === ErrorCode.NOT_FOUND) {
      throw new DomainError(error.extensions.code as ErrorCode, `The registry refused the records: ${error.message}`, {
        field: error.extensions.field ?? null,
      });
    }
    const data = body?.data?.[field];
    if (!response.ok || error || !data) throw unavailable(`HTTP ${response.status}${error ? `, ${String(error.extensions?.code ?? 'error')}` : ''}`);
    return data;
  }
}
