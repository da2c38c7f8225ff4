import type { Fetcher } from '@apollo/utils.fetcher';
import type { ProofSigner } from '@coalition/shared/auth';
import { SignedDataSource } from '../auth/signing';

/**
 * One partner's service: a signed subgraph data source, so gateway hooks (request proofs,
 * tracing headers) apply to partners and the registry alike.
 */
export class PartnerSource extends SignedDataSource {
  constructor(readonly partnerId: string, url: string, timeoutMs: number, signer?: ProofSigner) {
    super(url, timeoutMs, signer, partnerId);
  }
}

/** Node's fetch (keep-alive pooling) with a deadline per request. */
export function fetcherWithTimeout(timeoutMs: number): Fetcher {
  return ((input: string, init: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

/** Why a partner did not answer, in words safe for a client (no URLs, no bodies). */
export function unavailabilityReason(error: unknown, timeoutMs: number): string | undefined {
  const e = error as { name?: string; cause?: { code?: string }; extensions?: { response?: { status?: number } } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const status = e?.extensions?.response?.status;
  if (typeof status === 'number') return status >= 500 ? `HTTP ${status}` : undefined;
  if (e?.cause?.code) return `unreachable (${e.cause.code})`;
  return 'unreachable';
}
