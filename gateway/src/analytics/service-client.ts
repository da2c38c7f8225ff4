import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '@coalition/shared';
import type { Coverage } from '../coverage';
import type { UpstreamClient } from '../upstream/client';
import { ANALYTICS_SERVICE, type Identity } from '../upstream/identity';
import { operationRequest } from '../upstream/operation';
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
 * Each question is a generated document, so its variables and its answer are typed from the
 * schema the service serves (gateway/codegen.ts).
 */
export class ServiceClient {
  constructor(private readonly upstream: UpstreamClient) {}

  /**
   * A registry answer; its errors (unknown indicator, bad code) reach the user as they are.
   * `write`: a mutation, which the client does not send twice.
   */
  async registry<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    variables: NoInfer<Variables>,
    options: { write?: boolean } = {},
  ): Promise<Result> {
    const outcome = await this.upstream.send(REGISTRY, operationRequest(document, variables), { as: ANALYTICS_SERVICE, read: !options.write });
    if (outcome.kind === 'unavailable') throw registryUnavailable(outcome.reason);
    if (outcome.errors.length) throw answeredError(outcome.errors[0]);
    return outcome.data as Result;
  }

  /**
   * A partner's answer, or null when it gave none (no answer in time, unreachable, HTTP 5xx, or
   * its own PARTNER_UNAVAILABLE), which the client has counted in the coverage with the reason.
   * Any other error it answers with is the request's (bad input is not an outage) and is thrown.
   */
  async partner<Result, Variables>(
    partner: PartnerEntry,
    document: TypedDocumentNode<Result, Variables>,
    variables: NoInfer<Variables>,
    coverage: Coverage,
    as: Identity = ANALYTICS_SERVICE,
  ): Promise<Result | null> {
    const outcome = await this.upstream.send(partnerTarget(partner), operationRequest(document, variables), { as, read: true, coverage });
    if (outcome.kind === 'unavailable') return null;
    if (outcome.errors.length) throw answeredError(outcome.errors[0], { partnerId: partner.id });
    return outcome.data as Result;
  }
}

/**
 * The registry answers an unknown code or GSID with a NOT_FOUND error, never with null, though
 * its schema lets those fields be null: a null is that contract broken.
 */
export function required<T>(value: T | null, field: string): T {
  if (value === null) throw new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, `The registry answered ${field} with null`);
  return value;
}
