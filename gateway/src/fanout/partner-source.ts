import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@coalition/shared';
import type { ProofSigner } from '@coalition/shared/auth';
import { SignedDataSource } from '../auth/signing';
import type { PartnerEntry } from './partner-directory';

/**
 * One partner's service: a signed subgraph data source, so gateway hooks (request proofs,
 * tracing headers) apply to partners and the registry alike.
 */
export class PartnerSource extends SignedDataSource {
  constructor(readonly partnerId: string, url: string, timeoutMs: number, signer?: ProofSigner) {
    super(url, timeoutMs, signer, partnerId);
  }
}

type Json = Record<string, unknown>;

export interface PartnerAnswer {
  partner: PartnerEntry;
  data?: Json | null;
  errors: GraphQLFormattedError[];
  /** Set when the partner did not answer, or answered that it cannot (its database is unreachable). */
  unavailable?: string;
}

/**
 * Why a partner's answer says it cannot answer, if it does: not reached (PartnerSource's error)
 * or its database unreachable (its own). Such a partner is missing, whatever else it said.
 */
export function unavailableIn(response: { errors?: readonly GraphQLFormattedError[] }): string | undefined {
  const down = response.errors?.find((e) => e.extensions?.code === ErrorCode.PARTNER_UNAVAILABLE);
  if (!down) return undefined;
  return typeof down.extensions?.reason === 'string' ? down.extensions.reason : 'unavailable';
}

/** The error a missing partner leaves in an answer, with the share of partners that answered. */
export function unavailableError(partner: PartnerEntry, reason: string, asked: number, answered: number, path?: Array<string | number>): GraphQLFormattedError {
  return {
    message: `Partner ${partner.id} (${partner.name}) is unavailable: ${reason}. The answer covers ${answered} of ${asked} partners.`,
    ...(path ? { path } : {}),
    extensions: { code: ErrorCode.PARTNER_UNAVAILABLE, partnerId: partner.id, reason, coverage: { partnersAsked: asked, partnersAnswered: answered } },
  };
}
