import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import { ENTITY_ROUTING, ErrorCode, ROOT_PARTNER_ARGUMENT } from '@coalition/shared';
import type { CoverageContext } from '../coverage';
import { mergeObjects } from './merge';
import { analyze, argumentValue, responseKey, restrictToRootFields, withMergeKeys, type SubgraphOperation } from './operation';
import type { PartnerDirectory, PartnerEntry } from './partner-directory';
import { PartnerSource, unavailableError, unavailableIn, type PartnerAnswer } from './partner-source';
import type { Access, ProofSigner } from '@coalition/shared/auth';
import { EntityBatcher } from './entity-batcher';

type Json = Record<string, unknown>;
type Representation = Json & { __typename: string };
/** The INCOMING_OPERATION arm of GraphQLDataSourceProcessOptions (its enum is not exported). */
type IncomingOptions = { kind: string; request: GatewayGraphQLRequest; context: CoverageContext; document?: DocumentNode };
const INCOMING_OPERATION = 'incoming operation';

export interface FanoutOptions {
  directory: PartnerDirectory;
  timeoutMs: number;
  /**
   * The partners a caller may reach for a kind of data (person-level records, a partner's data
   * health, network aggregates). Default: all active.
   */
  scope?: (context: CoverageContext, partners: readonly PartnerEntry[], access: Access) => readonly PartnerEntry[];
  /** Signs every partner request with the gateway's proof. */
  signer?: ProofSigner;
}

/** What an entity fetch of a type reads at a partner, for scoping. */
const ENTITY_ACCESS: Record<string, Access> = { Network: 'cells', Partner: 'quality' };
const entityAccess = (typename: string): Access => ENTITY_ACCESS[typename] ?? 'person';

/**
 * The data source behind the logical "partners" subgraph: N partner services serving one
 * schema. It routes each fetch by value (see docs/ARCHITECTURE.md, "Fan-out"):
 * root fields by their partnerId argument, partner-keyed entities by their key, network-wide
 * entities to every partner in scope, merged by the rules in @coalition/shared.
 * A partner that fails, times out or cannot read its database drops out of the answer with a
 * PARTNER_UNAVAILABLE error and the coverage.
 */
export class FanoutDataSource implements GraphQLDataSource<CoverageContext> {
  private readonly sources = new Map<string, PartnerSource>();
  /** Batchers per incoming request (keyed by its context object), per partner and query. */
  private readonly batchers = new WeakMap<object, Map<string, EntityBatcher>>();

  constructor(private readonly options: FanoutOptions) {}

  async process(processOptions: GraphQLDataSourceProcessOptions<CoverageContext>): Promise<GatewayGraphQLResponse> {
    if (processOptions.kind !== INCOMING_OPERATION) {
      // The supergraph is static: the gateway never loads schemas or health-checks through here.
      return { errors: [{ message: 'The partners fan-out serves incoming operations only' }] };
    }
    const options = processOptions as unknown as IncomingOptions;
    const { request } = options;
    const subgraph = analyze(options.document ?? request.query!);
    const variables = (request.variables ?? {}) as Json;
    return subgraph.isEntityFetch
      ? this.fetchEntities(options, subgraph, variables)
      : this.fetchRootFields(options, subgraph, variables);
  }

  private source(partner: PartnerEntry): PartnerSource {
    const cacheKey = `${partner.id} ${partner.endpoint}`;
    let source = this.sources.get(cacheKey);
    if (!source) {
      source = new PartnerSource(partner.id, partner.endpoint, this.options.timeoutMs, this.options.signer);
      this.sources.set(cacheKey, source);
    }
    return source;
  }

  private async ask(
    options: IncomingOptions,
    partner: PartnerEntry,
    query: string,
    variables: Json,
  ): Promise<PartnerAnswer> {
    const coverage = options.context.coverage;
    coverage?.recordAsked(partner.id);
    try {
      const response = await this.source(partner).process({
        ...options,
        document: undefined,
        request: { query, variables, operationName: options.request.operationName, extensions: options.request.extensions, http: options.request.http },
      } as unknown as GraphQLDataSourceProcessOptions<never>);
      const unavailable = unavailableIn(response);
      if (unavailable) {
        coverage?.recordMissing(partner.id, unavailable);
        return { partner, errors: [], unavailable };
      }
      const errors = (response.errors ?? []).map((e) => ({ ...e, extensions: { ...e.extensions, partnerId: partner.id } }));
      return { partner, data: response.data as Json | null | undefined, errors };
    } catch (error) {
      // Only a request-level refusal (HTTP 4xx) throws: a partner that did not answer is a PARTNER_UNAVAILABLE answer above.
      const body = (error as { extensions?: { response?: { body?: { errors?: GraphQLFormattedError[] } } } }).extensions?.response?.body;
      const errors = (body?.errors ?? [{ message: 'Partner rejected the request', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }])
        .map((e) => ({ message: e.message, extensions: { ...e.extensions, partnerId: partner.id } }));
      return { partner, data: null, errors };
    }
  }

  /** An _entities request to one partner, coalesced with the request's other fetches of the same shape. */
  private askEntities(options: IncomingOptions, partner: PartnerEntry, query: string, variables: Json, representations: Json[]): Promise<PartnerAnswer> {
    let perRequest = this.batchers.get(options.context);
    if (!perRequest) {
      perRequest = new Map();
      this.batchers.set(options.context, perRequest);
    }
    const { representations: _ignored, ...rest } = variables;
    const key = `${partner.id}\n${query}\n${JSON.stringify(rest)}`;
    let batcher = perRequest.get(key);
    if (!batcher) {
      // Same partner, same query, same other variables: only the representations differ.
      batcher = new EntityBatcher(async (_key, all) => {
        const answer = await this.ask(options, partner, query, { ...rest, representations: all });
        return { entities: (answer.data?._entities ?? undefined) as Array<Json | null> | undefined, errors: answer.errors, unavailable: answer.unavailable };
      });
      perRequest.set(key, batcher);
    }
    return batcher
      .load(key, representations)
      .then((answer) => ({ partner, data: answer.entities ? { _entities: answer.entities } : null, errors: answer.errors, unavailable: answer.unavailable }));
  }

  private scope(context: CoverageContext, access: Access): readonly PartnerEntry[] {
    const all = this.options.directory.list();
    return this.options.scope ? this.options.scope(context, all, access) : all;
  }

  /** Root fields: each goes to the partner its partnerId argument names. */
  private async fetchRootFields(
    options: IncomingOptions,
    subgraph: SubgraphOperation,
    variables: Json,
  ): Promise<GatewayGraphQLResponse> {
    const data: Json = {};
    const errors: GraphQLFormattedError[] = [];
    const byPartner = new Map<PartnerEntry, Set<string>>();
    const inScope = this.scope(options.context, 'person');
    for (const field of subgraph.rootFields) {
      const key = responseKey(field);
      if (field.name.value === '__typename') {
        data[key] = subgraph.operation.operation === 'mutation' ? 'Mutation' : 'Query';
        continue;
      }
      const partnerId = argumentValue(field, ROOT_PARTNER_ARGUMENT, variables);
      const partner = typeof partnerId === 'string' ? inScope.find((p) => p.id === partnerId) : undefined;
      if (!partner) {
        data[key] = null;
        errors.push({
          message: `Unknown partner '${String(partnerId)}' in argument ${ROOT_PARTNER_ARGUMENT} of ${field.name.value}. Known partners: ${inScope.map((p) => p.id).join(', ') || 'none'}.`,
          path: [key],
          extensions: { code: ErrorCode.NOT_FOUND, argument: ROOT_PARTNER_ARGUMENT, partnerId: partnerId ?? null },
        });
        continue;
      }
      byPartner.set(partner, new Set([...(byPartner.get(partner) ?? []), key]));
    }
    const answers = await Promise.all(
      [...byPartner].map(([partner, keys]) =>
        this.ask(options, partner, byPartner.size === 1 && keys.size === subgraph.rootFields.length ? options.request.query! : restrictToRootFields(subgraph, keys), variables)
          .then((answer) => ({ answer, keys })),
      ),
    );
    for (const { answer, keys } of answers) {
      for (const key of keys) data[key] = answer.data?.[key] ?? null;
      errors.push(...answer.errors);
      if (answer.unavailable) {
        for (const key of keys) errors.push(unavailableError(answer.partner, answer.unavailable, 1, 0, [key]));
      }
    }
    return { data, ...(errors.length ? { errors } : {}) };
  }

  /**
   * _entities: partner-keyed representations go to their partner only; network-wide ones go
   * to every partner in scope and are merged. One request per partner, all in parallel.
   */
  private async fetchEntities(
    options: IncomingOptions,
    subgraph: SubgraphOperation,
    variables: Json,
  ): Promise<GatewayGraphQLResponse> {
    const representations = (variables.representations ?? []) as Representation[];
    const scopes = new Map<string, readonly PartnerEntry[]>();
    const inScope = (typename: string) => scopes.get(typename) ?? scopes.set(typename, this.scope(options.context, entityAccess(typename))).get(typename)!;
    const entities: Array<Json | null> = representations.map(() => null);
    const errors: GraphQLFormattedError[] = [];
    const indicesFor = new Map<PartnerEntry, number[]>(this.options.directory.list().map((p) => [p, []]));
    const networkIndices: number[] = [];
    let networkScopeEmpty = false;

    for (const [index, representation] of representations.entries()) {
      const routing = ENTITY_ROUTING[representation.__typename];
      if (routing?.kind === 'partner') {
        const partnerId = representation[routing.partnerKeyField];
        const partner = inScope(representation.__typename).find((p) => p.id === partnerId);
        if (partner) indicesFor.get(partner)!.push(index);
        else if (this.options.directory.get(String(partnerId))) {
          // An active partner, but not one this caller may read: refused, not "unavailable".
          errors.push({
            message: `Not allowed: ${representation.__typename} data of partner ${String(partnerId)} is outside your partner scope`,
            path: ['_entities', index],
            extensions: { code: ErrorCode.FORBIDDEN, partnerId, refused: `${representation.__typename} of partner ${String(partnerId)}` },
          });
        } else {
          errors.push({
            message: `Partner '${String(partnerId)}' is not an active partner in scope`,
            path: ['_entities', index],
            extensions: { code: ErrorCode.PARTNER_UNAVAILABLE, partnerId: partnerId ?? null, reason: 'not active' },
          });
        }
      } else {
        networkIndices.push(index);
        const partners = inScope(representation.__typename);
        if (!partners.length) networkScopeEmpty = true;
        for (const partner of partners) indicesFor.get(partner)?.push(index);
      }
    }

    const hasNetwork = networkIndices.length > 0;
    if (hasNetwork && networkScopeEmpty) {
      // Never a silent empty answer: say that nobody could be asked.
      errors.push({
        message: 'No active partner is in scope: network-wide fields have no data. Check the registry\'s partners and their status.',
        extensions: { code: ErrorCode.PARTNER_UNAVAILABLE, partnerId: null, reason: 'no active partners in scope', coverage: { partnersAsked: 0, partnersAnswered: 0 } },
      });
    }
    const queryWithKeys = hasNetwork ? withMergeKeys(subgraph) : options.request.query!;
    const asked = [...indicesFor].filter(([, indices]) => indices.length > 0);
    const answers = await Promise.all(
      asked.map(([partner, indices]) =>
        this.askEntities(options, partner, queryWithKeys, variables, indices.map((i) => forPartner(representations[i], partner.id)))
          .then((answer) => ({ answer, indices })),
      ),
    );
    const networkAnswered = answers.filter(({ answer, indices }) => !answer.unavailable && indices.some((i) => networkIndices.includes(i))).length;
    const networkAsked = answers.filter(({ indices }) => indices.some((i) => networkIndices.includes(i))).length;
    const partsOf = new Map<number, Json[]>(networkIndices.map((i) => [i, []]));

    for (const { answer, indices } of answers) {
      if (answer.unavailable) {
        const own = indices.filter((i) => !partsOf.has(i));
        for (const i of own) errors.push(unavailableError(answer.partner, answer.unavailable, 1, 0, ['_entities', i]));
        if (own.length < indices.length) errors.push(unavailableError(answer.partner, answer.unavailable, networkAsked, networkAnswered));
        continue;
      }
      const results = (answer.data?._entities ?? []) as Array<Json | null>;
      indices.forEach((original, position) => {
        const result = results[position] ?? null;
        if (partsOf.has(original)) {
          if (result) partsOf.get(original)!.push(result);
        } else {
          entities[original] = result;
        }
      });
      for (const error of answer.errors) {
        // Paths point into the subset this partner was sent; map them back to the caller's indices.
        const path = error.path ? [...error.path] : undefined;
        if (path?.[0] === '_entities' && typeof path[1] === 'number') path[1] = indices[path[1]] ?? path[1];
        errors.push({ ...error, ...(path ? { path } : {}) });
      }
    }

    const selections = subgraph.rootFields[0].selectionSet!.selections;
    for (const [index, parts] of partsOf) {
      if (parts.length) entities[index] = mergeObjects(representations[index].__typename, selections, parts);
    }
    return { data: { _entities: entities }, ...(errors.length ? { errors: dedupe(errors) } : {}) };
  }
}

/** A partner is sent only its own items of a representation's partner list (the registry's links). */
function forPartner(representation: Representation, partnerId: string): Representation {
  const routing = ENTITY_ROUTING[representation.__typename];
  const field = routing?.kind === 'network' ? routing.partnerListField : undefined;
  const list = field ? representation[field] : undefined;
  if (!field || !Array.isArray(list)) return representation;
  return { ...representation, [field]: list.filter((item) => (item as { partnerId?: unknown } | null)?.partnerId === partnerId) };
}

/** The same error from every partner (a bad argument, say) is reported once, naming them all. */
function dedupe(errors: GraphQLFormattedError[]): GraphQLFormattedError[] {
  const seen = new Map<string, GraphQLFormattedError>();
  for (const error of errors) {
    const { partnerId, ...rest } = (error.extensions ?? {}) as Json;
    const key = JSON.stringify([error.message, error.path, rest]);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, error);
      continue;
    }
    const firstExtensions = (first.extensions ?? {}) as Json;
    const partnerIds = (firstExtensions.partnerIds as unknown[] | undefined) ?? [firstExtensions.partnerId];
    const { partnerId: _first, ...others } = firstExtensions;
    seen.set(key, { ...first, extensions: { ...others, partnerIds: [...partnerIds, partnerId] } });
  }
  return [...seen.values()];
}
