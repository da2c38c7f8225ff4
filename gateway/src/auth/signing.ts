import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@coalition/shared';
import { callerFromClaims, claimsOf, PROOF_HEADER, type Caller, type ProofSigner } from '@coalition/shared/auth';
import type { Coverage } from '../coverage';
import { REGISTRY_SUBGRAPH } from '../subgraph-names';

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
  coverage?: Coverage;
}

/** Why a service did not answer, in words safe for a client (no URLs, no bodies); undefined when it did (HTTP 4xx). */
export function unavailabilityReason(error: unknown, timeoutMs: number): string | undefined {
  const e = error as { name?: string; cause?: { code?: string }; extensions?: { response?: { status?: number } } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const status = e?.extensions?.response?.status;
  if (typeof status === 'number') return status >= 500 ? `HTTP ${status}` : undefined;
  if (e?.cause?.code) return `unreachable (${e.cause.code})`;
  return 'unreachable';
}

/** What a client is told when the service an audience names does not answer: the registry, or that partner. */
function unavailableError(audience: string, reason: string): GraphQLFormattedError {
  if (audience === REGISTRY_SUBGRAPH) {
    return {
      message: `The registry is unavailable: ${reason}. What starts there (partners, people and their links, indicator and pathway definitions, network figures) has no answer.`,
      extensions: { code: ErrorCode.REGISTRY_UNAVAILABLE, reason },
    };
  }
  return { message: `Partner ${audience} is unavailable: ${reason}`, extensions: { code: ErrorCode.PARTNER_UNAVAILABLE, partnerId: audience, reason } };
}

/**
 * A subgraph data source whose requests carry the gateway's proof for the caller in the context.
 * A service that does not answer (refused, reset, timed out, HTTP 5xx) gives an answer with one
 * `REGISTRY_UNAVAILABLE` or `PARTNER_UNAVAILABLE` error and its reason, instead of a fetch error
 * the gateway would report as INTERNAL_SERVER_ERROR; HTTP 4xx (a refused request) still throws.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<CallerContext> {
  constructor(url: string, private readonly timeoutMs: number, signer: ProofSigner | undefined, private readonly audience: string) {
    super({ url, fetcher: signingFetcher(timeoutMs, signer, audience) });
  }

  override async process(options: GraphQLDataSourceProcessOptions<CallerContext>): Promise<GatewayGraphQLResponse> {
    let response: GatewayGraphQLResponse;
    try {
      response = await super.process(options);
    } catch (error) {
      const reason = unavailabilityReason(error, this.timeoutMs);
      if (reason === undefined) throw error;
      response = { errors: [unavailableError(this.audience, reason)] };
    }
    // Partners are counted by the fan-out, which knows which of them a request asked.
    if (this.audience === REGISTRY_SUBGRAPH) {
      const down = response.errors?.find((e) => e.extensions?.code === ErrorCode.REGISTRY_UNAVAILABLE);
      if (down) options.context?.coverage?.recordRegistryUnavailable(String(down.extensions?.reason ?? 'unavailable'));
    }
    return response;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<CallerContext>): void {
    const caller = context?.caller;
    request.http?.headers.set(CALLER_HEADER, JSON.stringify({ claims: caller ? claimsOf(caller) : null, requestId: context?.requestId ?? '' }));
  }
}
