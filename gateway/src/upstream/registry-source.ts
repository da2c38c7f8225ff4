import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, OperationTypeNode, parse, type DocumentNode } from 'graphql';
import type { UpstreamClient } from './client';
import { callerIdentity, type UpstreamContext } from './identity';
import { REGISTRY } from './target';
import { asFormatted, registryUnavailable } from './unavailable';

/** Whether a fetch writes: a write is never sent twice. */
export function isMutation(document: DocumentNode): boolean {
  return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.MUTATION);
}

/**
 * The registry's data source in the supergraph: each fetch goes through the upstream client as
 * the incoming request's caller (signed here, where the context is at hand). A registry that
 * does not answer, or answers that its database is down, gives one REGISTRY_UNAVAILABLE error
 * with the reason instead of a fetch error the gateway would report as INTERNAL_SERVER_ERROR.
 */
export class RegistryDataSource implements GraphQLDataSource<UpstreamContext> {
  constructor(private readonly client: UpstreamClient) {}

  async process(options: GraphQLDataSourceProcessOptions<UpstreamContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const context = options.context as UpstreamContext | undefined;
    const document = ('document' in options ? options.document : undefined) ?? parse(request.query);
    const outcome = await this.client.send(
      REGISTRY,
      { query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions },
      { as: callerIdentity(context), read: !isMutation(document), coverage: context?.coverage },
    );
    if (outcome.kind === 'unavailable') return { errors: [asFormatted(registryUnavailable(outcome.reason))] };
    return { data: outcome.data, ...(outcome.errors.length ? { errors: outcome.errors } : {}) };
  }
}
