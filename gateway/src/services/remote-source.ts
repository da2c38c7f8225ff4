import { randomUUID } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { ErrorCode } from '@coalition/shared';
import { PROOF_HEADER, type ProofSigner } from '@coalition/shared/auth';
import type { UpstreamContext } from '../upstream/identity';

export interface SignedServiceSourceOptions {
  /** The subgraph's name in the supergraph, which is also the audience of its proofs ("analytics", "partners"). */
  name: string;
  url: string;
  signer: ProofSigner;
  /** A service that has not answered by then fails the fetch (a release approval answers at once; live figures take seconds). */
  timeoutMs: number;
}

/** Where a standalone service puts the partners it asked (Coverage.wire()), for the gateway to fold into its own. */
export const COVERAGE_EXTENSION = 'partnerCoverage';

const unavailable = (name: string, why: string): GatewayGraphQLResponse => ({
  errors: [{ message: `The ${name} service ${why}`, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, service: name } }],
});

/**
 * A subgraph served by one of the gateway's own standalone services (analytics, the partners'
 * fan-out) instead of in process. Written by hand rather than with RemoteGraphQLDataSource: the
 * proof covers the exact bytes sent, so this source must make the body itself, and the service's
 * coverage (which partners it asked) comes back in an extension the gateway folds into its own.
 */
export class SignedServiceSource implements GraphQLDataSource<UpstreamContext> {
  constructor(private readonly options: SignedServiceSourceOptions) {}

  async process(processOptions: GraphQLDataSourceProcessOptions<UpstreamContext>): Promise<GatewayGraphQLResponse> {
    const { request, context } = processOptions as { request: GraphQLDataSourceProcessOptions['request']; context?: UpstreamContext };
    const { name, url, signer, timeoutMs } = this.options;
    const body = JSON.stringify({ query: request.query, variables: request.variables ?? {}, operationName: request.operationName });
    const proof = signer.sign(name, body, context?.caller ?? null, context?.requestId || randomUUID());
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PROOF_HEADER]: proof },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return unavailable(name, (error as Error).name === 'TimeoutError' ? `did not answer within ${timeoutMs} ms` : 'could not be reached');
    }
    const result = (await response.json().catch(() => null)) as (GatewayGraphQLResponse & { extensions?: Record<string, unknown> }) | null;
    if (!result || (result.data === undefined && !result.errors)) return unavailable(name, `answered HTTP ${response.status} without a GraphQL result`);
    context?.coverage?.absorb(result.extensions?.[COVERAGE_EXTENSION]);
    return { data: result.data, errors: result.errors };
  }
}
