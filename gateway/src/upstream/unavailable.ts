import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '@coalition/shared';
import type { PartnerEntry } from './target';

/**
 * Every PARTNER_UNAVAILABLE and REGISTRY_UNAVAILABLE a client can see is built here, from an
 * `unavailable` outcome's reason (which never holds a URL, a body or a database host).
 */

/** The share of partners behind a network-wide answer. */
export interface Share {
  asked: number;
  answered: number;
}

/** A partner that did not answer: one per missing partner, at the path it leaves null when it has one. */
export function partnerUnavailable(partner: PartnerEntry, reason: string, share: Share, path?: ReadonlyArray<string | number>): GraphQLFormattedError {
  const coverage = { partnersAsked: share.asked, partnersAnswered: share.answered };
  return {
    message: `Partner ${partner.id} (${partner.name}) is unavailable: ${reason}. The answer covers ${share.answered} of ${share.asked} partners.`,
    ...(path ? { path } : {}),
    extensions: { code: ErrorCode.PARTNER_UNAVAILABLE, partnerId: partner.id, reason, coverage },
  };
}

/** A partner-keyed entity naming a partner that is not active (or has no endpoint): nobody to ask. */
export function partnerNotActive(partnerId: unknown, path: ReadonlyArray<string | number>): GraphQLFormattedError {
  return {
    message: `Partner '${String(partnerId)}' is not an active partner in scope`,
    path,
    extensions: { code: ErrorCode.PARTNER_UNAVAILABLE, partnerId: partnerId ?? null, reason: 'not active' },
  };
}

/** Network-wide fields with no partner to ask: never a silent empty answer. */
export function noPartnerInScope(): GraphQLFormattedError {
  return {
    message: "No active partner is in scope: network-wide fields have no data. Check the registry's partners and their status.",
    extensions: {
      code: ErrorCode.PARTNER_UNAVAILABLE,
      partnerId: null,
      reason: 'no active partners in scope',
      coverage: { partnersAsked: 0, partnersAnswered: 0 },
    },
  };
}

/** The registry did not answer: what starts there has no answer. Thrown by the analytics engine, relayed by the registry's data source. */
export function registryUnavailable(reason: string): DomainError {
  return new DomainError(
    ErrorCode.REGISTRY_UNAVAILABLE,
    `The registry is unavailable: ${reason}. What starts there (partners, people and their links, indicator and pathway definitions, ` +
      'network figures) has no answer.',
    { reason },
  );
}

/** A domain error as an error in a subgraph answer. */
export const asFormatted = (error: DomainError): GraphQLFormattedError => ({ message: error.message, extensions: { code: error.code, ...error.details } });
