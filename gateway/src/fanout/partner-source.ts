import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * One partner's service. A subclass of RemoteGraphQLDataSource so that gateway hooks
 * (willSendRequest: request signing, tracing headers) apply to partners and the registry alike.
 */
export class PartnerSource extends RemoteGraphQLDataSource {
  constructor(readonly partnerId: string, url: string, timeoutMs: number) {
    super({ url, fetcher: fetcherWithTimeout(timeoutMs) });
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
