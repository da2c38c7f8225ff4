import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '@coalition/shared';
import type { Coverage } from '../coverage';
import type { UpstreamClient } from '../upstream/client';
import { ANALYTICS_SERVICE, type Identity } from '../upstream/identity';
import { partnerTarget, REGISTRY, type PartnerEntry } from '../upstream/target';
import { registryUnavailable } from '../upstream/unavailable';

/** An error a service answered with, as the request's own error (its code kept, and the partner that said it). */
function answeredError(error: GraphQLFormattedError, details: Record<string, unknown> = {}): DomainError {
  const { code, ...rest } = error.extensions ?? {};
  return new DomainError(String(code ?? ErrorCode.INTERNAL_SERVER_ERROR) as ErrorCode, error.message, { ...rest, ...details });
}

/**
 * The analytics engines' typed view of the upstream client: internal-protocol questions to the
 * registry and to partners, asked as the gateway's analytics service unless told otherwise.
 */
export class ServiceClient {
  constructor(private readonly upstream: UpstreamClient) {}

  /** A registry answer; its errors (unknown indicator, bad code) reach the user as they are. */
  async registry<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const outcome = await this.upstream.send(REGISTRY, { query, variables }, { as: ANALYTICS_SERVICE, read: true });
    if (outcome.kind === 'unavailable') throw registryUnavailable(outcome.reason);
    if (outcome.errors.length) throw answeredError(outcome.errors[0]);
    return outcome.data as T;
  }

  /**
   * A partner's answer, or null when it gave none (no answer in time, unreachable, HTTP 5xx, or
   * its own PARTNER_UNAVAILABLE), which the client has counted in the coverage with the reason.
   * Any other error it answers with is the request's (bad input is not an outage) and is thrown.
   */
  async partner<T>(
    partner: PartnerEntry, query: string, variables: Record<string, unknown>, coverage: Coverage, as: Identity = ANALYTICS_SERVICE,
  ): Promise<T | null> {
    const outcome = await this.upstream.send(partnerTarget(partner), { query, variables }, { as, read: true, coverage });
    if (outcome.kind === 'unavailable') return null;
    if (outcome.errors.length) throw answeredError(outcome.errors[0], { partnerId: partner.id });
    return outcome.data as T;
  }
}
