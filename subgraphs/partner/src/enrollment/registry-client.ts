import { randomUUID } from 'node:crypto';
import { partnerIssuer, PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import { DomainError, ErrorCode, type SexCode } from '@coalition/shared';
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

const RESOLVE = `mutation Resolve($partnerId: ID!, $records: [LinkageRecordInput!]!) {
  resolveIdentities(partnerId: $partnerId, records: $records) { localId gsid decision rule score }
}`;
const BATCH = 1000;

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
    return this.linkEncoded(records.map((r) => ({ localId: r.localId, encoding: this.encode(r.identity) })), onProgress);
  }

  /** For callers that already encoded (to check identities before anything is sent). */
  async linkEncoded(encoded: ReadonlyArray<{ localId: string; encoding: LinkageEncoding }>, onProgress?: (done: number) => void): Promise<LinkOutcome[]> {
    const outcomes: LinkOutcome[] = [];
    for (let start = 0; start < encoded.length; start += BATCH) {
      outcomes.push(...(await this.send(encoded.slice(start, start + BATCH))));
      onProgress?.(Math.min(start + BATCH, encoded.length));
    }
    return outcomes;
  }

  private async send(records: ReadonlyArray<{ localId: string; encoding: LinkageEncoding }>): Promise<LinkOutcome[]> {
    let response: Response;
    try {
      const body = JSON.stringify({ query: RESOLVE, variables: { partnerId: this.partnerId, records } });
      // The registry answers only proven requests: this partner signs its own with its registry key.
      const proof = new ProofSigner({ algorithm: 'HS256', key: this.config.registryKey }, partnerIssuer(this.partnerId)).sign('registry', body, null, randomUUID());
      response = await fetch(this.config.registryUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PROOF_HEADER]: proof },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 60_000),
      });
    } catch (error) {
      throw unavailable((error as Error).name === 'TimeoutError' ? 'no answer in time' : 'not reachable');
    }
    const body = (await response.json().catch(() => null)) as { data?: { resolveIdentities?: LinkOutcome[] }; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
    const error = body?.errors?.[0];
    if (error?.extensions?.code === ErrorCode.BAD_USER_INPUT || error?.extensions?.code === ErrorCode.NOT_FOUND) {
      throw new DomainError(error.extensions.code as ErrorCode, `The registry refused the records: ${error.message}`, { field: error.extensions.field ?? null });
    }
    if (!response.ok || error || !body?.data?.resolveIdentities) throw unavailable(`HTTP ${response.status}${error ? `, ${String(error.extensions?.code ?? 'error')}` : ''}`);
    return body.data.resolveIdentities;
  }
}
