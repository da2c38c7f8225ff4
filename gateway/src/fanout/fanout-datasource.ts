import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { DocumentNode } from 'graphql';
import type { Access } from '@coalition/shared/auth';
import type { UpstreamClient } from '../upstream/client';
import type { UpstreamContext } from '../upstream/identity';
import type { PartnerScope } from '../upstream/scope';
import type { PartnerEntry } from '../upstream/target';
import { PartnerAsker, type Incoming } from './asking';
import { entitiesResponse, rootResponse } from './assemble';
import { analyze, withMergeKeys, type SubgraphOperation } from './operation';
import { entityAccess, forPartner, rootQuery, routeEntities, routeRootFields, type Representation } from './routing';

type Json = Record<string, unknown>;
/** The INCOMING_OPERATION arm of GraphQLDataSourceProcessOptions (its enum is not exported). */
type IncomingOptions = { kind: string; request: GatewayGraphQLRequest; context: UpstreamContext; document?: DocumentNode };
const INCOMING_OPERATION = 'incoming operation';

export interface FanoutOptions {
  client: UpstreamClient;
  /** The active partners (the registry's, kept by PartnerDirectory). */
  directory: { list(): readonly PartnerEntry[] };
  /** The partners a caller may reach for a kind of data (person-level records, a partner's data health, network aggregates). */
  scope: PartnerScope;
}

/**
 * The data source behind the logical "partners" subgraph: N partner services serving one
 * schema. It routes each fetch by value (see docs/ARCHITECTURE.md, "Fan-out"): root fields by
 * their partnerId argument, partner-keyed entities by their key, network-wide entities to every
 * partner in scope (routing.ts); asks through the upstream client (asking.ts); puts the answers
 * back together, merged by the rules in @coalition/shared (assemble.ts). A partner that fails,
 * times out or cannot read its database drops out of the answer with a PARTNER_UNAVAILABLE
 * error and the coverage.
 */
export class FanoutDataSource implements GraphQLDataSource<UpstreamContext> {
  private readonly asker: PartnerAsker;

  constructor(private readonly options: FanoutOptions) {
    this.asker = new PartnerAsker(options.client);
  }

  async process(processOptions: GraphQLDataSourceProcessOptions<UpstreamContext>): Promise<GatewayGraphQLResponse> {
    if (processOptions.kind !== INCOMING_OPERATION) {
      // The supergraph is static: the gateway never loads schemas or health-checks through here.
      return { errors: [{ message: 'The partners fan-out serves incoming operations only' }] };
    }
    const { request, context, document } = processOptions as unknown as IncomingOptions;
    return this.serve(request, context, document);
  }

  /** One subgraph operation, as the gateway's query plan sends it (or the standalone fan-out service receives it). */
  serve(request: GatewayGraphQLRequest, context: UpstreamContext, document?: DocumentNode): Promise<GatewayGraphQLResponse> {
    const subgraph = analyze(document ?? request.query!);
    const variables = (request.variables ?? {}) as Json;
    const incoming: Incoming = { context, operationName: request.operationName, extensions: request.extensions };
    return subgraph.isEntityFetch
      ? this.fetchEntities(incoming, subgraph, variables, request.query!)
      : this.fetchRootFields(incoming, subgraph, variables, request.query!);
  }

  private scope(context: UpstreamContext, access: Access): readonly PartnerEntry[] {
    return this.options.scope(context.caller, this.options.directory.list(), access);
  }

  private async fetchRootFields(incoming: Incoming, subgraph: SubgraphOperation, variables: Json, query: string): Promise<GatewayGraphQLResponse> {
    const routing = routeRootFields(subgraph, variables, this.scope(incoming.context, 'person'));
    const read = subgraph.operation.operation !== 'mutation';
    const answers = await Promise.all(
      routing.routes.map(async (route) => {
        const sent = rootQuery(subgraph, query, route, routing.routes.length);
        return { route, outcome: await this.asker.ask(incoming, route.partner, sent, variables, read) };
      }),
    );
    return rootResponse(routing, answers);
  }

  /** One request per partner, all in parallel. */
  private async fetchEntities(incoming: Incoming, subgraph: SubgraphOperation, variables: Json, query: string): Promise<GatewayGraphQLResponse> {
    const representations = (variables.representations ?? []) as Representation[];
    const scopes = new Map<string, readonly PartnerEntry[]>();
    const scopeFor = (typename: string) => {
      if (!scopes.has(typename)) scopes.set(typename, this.scope(incoming.context, entityAccess(typename)));
      return scopes.get(typename)!;
    };
    const routing = routeEntities(representations, this.options.directory.list(), scopeFor);
    const sent = routing.network.size ? withMergeKeys(subgraph) : query;
    const answers = await Promise.all(
      routing.routes.map(async (route) => {
        const own = route.indices.map((i) => forPartner(representations[i], route.partner.id));
        return { route, outcome: await this.asker.askEntities(incoming, route.partner, sent, variables, own) };
      }),
    );
    return entitiesResponse(representations, routing, answers, subgraph.rootFields[0].selectionSet!.selections);
  }
}
