import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { callerFromClaims, claimsOf, PROOF_HEADER, type Caller, type ProofSigner } from '@coalition/shared/auth';

/** Carries the caller from willSendRequest to the fetcher, which signs the exact body; never sent. */
const CALLER_HEADER = 'x-coalition-internal-caller';

type HeaderBag = { get(name: string): string | null; set(name: string, value: string): void; delete(name: string): void };

/**
 * Node's fetch with a deadline, signing every request for `audience` with a proof bound to the
 * body it sends and the caller it acts for.
 */
export function signingFetcher(timeoutMs: number, signer: ProofSigner | undefined, audience: string): Fetcher {
  return (async (input: string, init: RequestInit & { headers?: HeaderBag }) => {
    const headers = new Headers(init.headers as unknown as ConstructorParameters<typeof Headers>[0]);
    const carried = headers.get(CALLER_HEADER);
    headers.delete(CALLER_HEADER);
    if (signer) {
      let caller: Caller | null = null;
      let requestId = '';
      if (carried) {
        const parsed = JSON.parse(carried) as { claims: Record<string, unknown> | null; requestId: string };
        caller = parsed.claims ? callerFromClaims(parsed.claims) : null;
        requestId = parsed.requestId;
      }
      headers.set(PROOF_HEADER, signer.sign(audience, typeof init.body === 'string' ? init.body : '', caller, requestId));
    }
    return fetch(input, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
  }) as unknown as Fetcher;
}

export interface CallerContext {
  caller?: Caller | null;
  requestId?: string;
}

/** A subgraph data source whose requests carry the gateway's proof for the caller in the context. */
export class SignedDataSource extends RemoteGraphQLDataSource<CallerContext> {
  constructor(url: string, timeoutMs: number, signer: ProofSigner | undefined, audience: string) {
    super({ url, fetcher: signingFetcher(timeoutMs, signer, audience) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<CallerContext>): void {
    const caller = context?.caller;
    request.http?.headers.set(CALLER_HEADER, JSON.stringify({ claims: caller ? claimsOf(caller) : null, requestId: context?.requestId ?? '' }));
  }
}
