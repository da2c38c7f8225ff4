import type { FieldNode, GraphQLFormattedError } from 'graphql';
import { ENTITY_ROUTING, ErrorCode, ROOT_PARTNER_ARGUMENT } from '@coalition/shared';
import type { Access } from '@coalition/shared/auth';
import type { PartnerEntry } from '../upstream/target';
import { noPartnerInScope, partnerNotActive } from '../upstream/unavailable';
import { argumentValue, responseKey, restrictToRootFields, type SubgraphOperation } from './operation';

type Json = Record<string, unknown>;
export type Representation = Json & { __typename: string };

/** What an entity fetch of a type reads at a partner, for scoping. */
const ENTITY_ACCESS: Record<string, Access> = { Network: 'cells', Partner: 'quality' };
export const entityAccess = (typename: string): Access => ENTITY_ACCESS[typename] ?? 'person';

/** The root fields (by response key) one partner is asked for. */
export interface RootRoute {
  partner: PartnerEntry;
  keys: Set<string>;
}

export interface RootRouting {
  /** Values known without asking anyone: `__typename`, and null for a field naming no partner in scope. */
  data: Json;
  errors: GraphQLFormattedError[];
  routes: RootRoute[];
}

function unknownPartner(field: FieldNode, partnerId: unknown, inScope: readonly PartnerEntry[]): GraphQLFormattedError {
  const known = inScope.map((p) => p.id).join(', ') || 'none';
  return {
    message: `Unknown partner '${String(partnerId)}' in argument ${ROOT_PARTNER_ARGUMENT} of ${field.name.value}. Known partners: ${known}.`,
    path: [responseKey(field)],
    extensions: { code: ErrorCode.NOT_FOUND, argument: ROOT_PARTNER_ARGUMENT, partnerId: partnerId ?? null },
  };
}

/** Root fields: each goes to the partner its partnerId argument names, if the caller may reach it. */
export function routeRootFields(subgraph: SubgraphOperation, variables: Json, inScope: readonly PartnerEntry[]): RootRouting {
  const routing: RootRouting = { data: {}, errors: [], routes: [] };
  const routes = new Map<string, RootRoute>();
  for (const field of subgraph.rootFields) {
    const key = responseKey(field);
    if (field.name.value === '__typename') {
      routing.data[key] = subgraph.operation.operation === 'mutation' ? 'Mutation' : 'Query';
      continue;
    }
    const partnerId = argumentValue(field, ROOT_PARTNER_ARGUMENT, variables);
    const partner = typeof partnerId === 'string' ? inScope.find((p) => p.id === partnerId) : undefined;
    if (!partner) {
      routing.data[key] = null;
      routing.errors.push(unknownPartner(field, partnerId, inScope));
      continue;
    }
    const route = routes.get(partner.id) ?? { partner, keys: new Set<string>() };
    route.keys.add(key);
    routes.set(partner.id, route);
  }
  routing.routes = [...routes.values()];
  return routing;
}

/** The operation one partner is sent: the incoming one when it answers all of it, else only its fields. */
export function rootQuery(subgraph: SubgraphOperation, original: string, route: RootRoute, routes: number): string {
  return routes === 1 && route.keys.size === subgraph.rootFields.length ? original : restrictToRootFields(subgraph, route.keys);
}

/** The representations (by index in the fetch) one partner is sent. */
export interface EntityRoute {
  partner: PartnerEntry;
  indices: number[];
}

export interface EntityRouting {
  /** In directory order; only partners with something to answer. */
  routes: EntityRoute[];
  /** Network-wide representations: each is the merge of every asked partner's part. */
  network: ReadonlySet<number>;
  errors: GraphQLFormattedError[];
}

function outsideScope(representation: Representation, partnerId: unknown, index: number): GraphQLFormattedError {
  const what = `${representation.__typename} of partner ${String(partnerId)}`;
  return {
    message: `Not allowed: ${representation.__typename} data of partner ${String(partnerId)} is outside your partner scope`,
    path: ['_entities', index],
    extensions: { code: ErrorCode.FORBIDDEN, partnerId, refused: what },
  };
}

/**
 * _entities: a partner-keyed representation goes to its partner only (refused when outside the
 * caller's scope, unavailable when not active); a network-wide one to every partner in scope.
 */
export function routeEntities(
  representations: readonly Representation[],
  active: readonly PartnerEntry[],
  scopeFor: (typename: string) => readonly PartnerEntry[],
): EntityRouting {
  const indicesFor = new Map<string, EntityRoute>(active.map((partner) => [partner.id, { partner, indices: [] }]));
  const network = new Set<number>();
  const errors: GraphQLFormattedError[] = [];
  let nobodyToAsk = false;
  for (const [index, representation] of representations.entries()) {
    const routing = ENTITY_ROUTING[representation.__typename];
    const inScope = scopeFor(representation.__typename);
    if (routing?.kind === 'partner') {
      const partnerId = representation[routing.partnerKeyField];
      const partner = inScope.find((p) => p.id === partnerId);
      if (partner) indicesFor.get(partner.id)?.indices.push(index);
      // An active partner this caller may not read is refused, not "unavailable".
      else if (active.some((p) => p.id === partnerId)) errors.push(outsideScope(representation, partnerId, index));
      else errors.push(partnerNotActive(partnerId, ['_entities', index]));
      continue;
    }
    network.add(index);
    if (!inScope.length) nobodyToAsk = true;
    for (const partner of holders(representation, inScope)) indicesFor.get(partner.id)?.indices.push(index);
  }
  if (nobodyToAsk) errors.push(noPartnerInScope());
  return { routes: [...indicesFor.values()].filter((route) => route.indices.length > 0), network, errors };
}

/**
 * The partners a network-wide representation goes to. One that carries its partner list (a
 * person with the registry's links) goes only to the partners in scope that list holds, so a
 * person view costs one call per partner holding the person, whatever the coalition's size.
 * When none of them is in scope, the first partner in scope still answers (with no records of
 * its own), so the entity keeps its shape and the caller learns nothing from its absence.
 */
export function holders(representation: Representation, inScope: readonly PartnerEntry[]): readonly PartnerEntry[] {
  const routing = ENTITY_ROUTING[representation.__typename];
  const list = routing?.kind === 'network' && routing.partnerListField ? representation[routing.partnerListField] : undefined;
  if (!Array.isArray(list)) return inScope;
  const listed = new Set(list.map((item) => (item as { partnerId?: unknown } | null)?.partnerId));
  const holding = inScope.filter((partner) => listed.has(partner.id));
  return holding.length ? holding : inScope.slice(0, 1);
}

/** A partner is sent only its own items of a representation's partner list (the registry's links). */
export function forPartner(representation: Representation, partnerId: string): Representation {
  const routing = ENTITY_ROUTING[representation.__typename];
  const field = routing?.kind === 'network' ? routing.partnerListField : undefined;
  const list = field ? representation[field] : undefined;
  if (!field || !Array.isArray(list)) return representation;
  return { ...representation, [field]: list.filter((item) => (item as { partnerId?: unknown } | null)?.partnerId === partnerId) };
}
