import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@coalition/shared';
import { PROOF_HEADER, type Caller, type ProofSigner } from '@coalition/shared/auth';
import type { Coverage } from '../coverage';
import type { PartnerEntry } from '../fanout/partner-directory';
import { unavailabilityReason } from '../auth/signing';

/**
 * The analytics engine asks the registry and partners as the gateway itself (a backbone
 * service identity): raw cells are for the gateway, which applies disclosure control before
 * anything reaches a user.
 */
export const ANALYTICS_SERVICE: Caller = { subject: 'coalition-gateway:analytics', role: 'backbone_analyst' };

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export class ServiceClient {
  constructor(
    private readonly options: { registryUrl: string; signer: ProofSigner; timeoutMs: number; registryTimeoutMs: number },
  ) {}

  /**
   * Every request here only reads, so one that died on a reused connection the service had
   * already closed (its keep-alive ran out while this process was busy) is sent once more on a
   * fresh one. A timeout is not retried.
   */
  private async post<T>(url: string, audience: string, query: string, variables: Record<string, unknown>, timeoutMs: number): Promise<GraphQLResponse<T>> {
    const body = JSON.stringify({ query, variables });
    try {
      return await this.send<T>(url, audience, body, timeoutMs);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
      return this.send<T>(url, audience, body, timeoutMs);
    }
  }

  private async send<T>(url: string, audience: string, body: string, timeoutMs: number): Promise<GraphQLResponse<T>> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROOF_HEADER]: this.options.signer.sign(audience, body, ANALYTICS_SERVICE, randomUUID(), 'analytics') },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 500) throw Object.assign(new Error(`HTTP ${response.status}`), { extensions: { response: { status: response.status } } });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** A registry answer; its errors (unknown indicator, bad code) reach the user as they are. */
  async registry<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let answer: GraphQLResponse<T>;
    try {
      answer = await this.post<T>(this.options.registryUrl, 'registry', query, variables, this.options.registryTimeoutMs);
    } catch (error) {
      const reason = unavailabilityReason(error, this.options.registryTimeoutMs) ?? 'refused the request';
      throw new DomainError(ErrorCode.REGISTRY_UNAVAILABLE, `The registry did not answer (${reason}); indicator definitions live there`, { reason });
    }
    const first = answer.errors?.[0];
    if (first) {
      const code = String(first.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR) as ErrorCode;
      const { code: _code, ...details } = first.extensions ?? {};
      throw new DomainError(code, first.message, details);
    }
    return answer.data as T;
  }

  /** A partner's answer, or null when it did not give one (recorded in the coverage, with the reason). */
  async partner<T>(partner: PartnerEntry, query: string, variables: Record<string, unknown>, coverage: Coverage): Promise<T | null> {
    coverage.recordAsked(partner.id);
    try {
      const answer = await this.post<T>(partner.endpoint, partner.id, query, variables, this.options.timeoutMs);
      const first = answer.errors?.[0];
      if (first || !answer.data) {
        // A partner that cannot read its database says why (PARTNER_UNAVAILABLE and a reason): report that reason.
        const reason = first?.extensions?.code === ErrorCode.PARTNER_UNAVAILABLE && typeof first.extensions.reason === 'string'
          ? first.extensions.reason
          : `answered with an error (${String(first?.extensions?.code ?? 'no data')})`;
        coverage.recordMissing(partner.id, reason);
        return null;
      }
      return answer.data;
    } catch (error) {
      coverage.recordMissing(partner.id, unavailabilityReason(error, this.options.timeoutMs) ?? 'refused the request');
      return null;
    }
  }
}
