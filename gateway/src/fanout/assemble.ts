import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError, SelectionNode } from 'graphql';
import type { Outcome } from '../upstream/outcome';
import { partnerUnavailable, type Share } from '../upstream/unavailable';
import { mergeObjects } from './merge';
import type { EntityRoute, EntityRouting, Representation, RootRoute, RootRouting } from './routing';

type Json = Record<string, unknown>;

const respond = (data: Json, errors: GraphQLFormattedError[]): GatewayGraphQLResponse => ({ data, ...(errors.length ? { errors } : {}) });

/** Root fields: each partner's fields from its answer; null with PARTNER_UNAVAILABLE at each field of a partner that gave none. */
export function rootResponse(routing: RootRouting, answers: ReadonlyArray<{ route: RootRoute; outcome: Outcome }>): GatewayGraphQLResponse {
  const data: Json = { ...routing.data };
  const errors = [...routing.errors];
  for (const { route, outcome } of answers) {
    for (const key of route.keys) {
      data[key] = outcome.kind === 'answered' ? (outcome.data?.[key] ?? null) : null;
      if (outcome.kind === 'unavailable') errors.push(partnerUnavailable(route.partner, outcome.reason, { asked: 1, answered: 0 }, [key]));
    }
    if (outcome.kind === 'answered') errors.push(...outcome.errors);
  }
  return respond(data, errors);
}

type EntityAnswer = { route: EntityRoute; outcome: Outcome };

/** How many of the partners asked about network-wide representations answered. */
function networkShare(answers: readonly EntityAnswer[], network: ReadonlySet<number>): Share {
  const asked = answers.filter(({ route }) => route.indices.some((i) => network.has(i)));
  return { asked: asked.length, answered: asked.filter(({ outcome }) => outcome.kind === 'answered').length };
}

/** A partner that gave no answer: an error at each of its own representations, and one for its share of the network-wide ones. */
function unavailableErrors({ partner, indices }: EntityRoute, reason: string, network: ReadonlySet<number>, share: Share): GraphQLFormattedError[] {
  const own = indices.filter((i) => !network.has(i));
  const errors = own.map((i) => partnerUnavailable(partner, reason, { asked: 1, answered: 0 }, ['_entities', i]));
  if (own.length < indices.length) errors.push(partnerUnavailable(partner, reason, share));
  return errors;
}

/** Puts one partner's entities where the caller asked for them (network-wide ones aside, to merge), with its errors re-indexed. */
function place(route: EntityRoute, data: Json | null, entities: Array<Json | null>, parts: Map<number, Json[]>): void {
  const results = (data?._entities ?? []) as Array<Json | null>;
  route.indices.forEach((original, position) => {
    const result = results[position] ?? null;
    const merging = parts.get(original);
    if (!merging) entities[original] = result;
    else if (result) merging.push(result);
  });
}

/** Paths point into the subset a partner was sent; map them back to the caller's indices. */
function reindexed(errors: readonly GraphQLFormattedError[], indices: readonly number[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    if (error.path?.[0] !== '_entities' || typeof error.path[1] !== 'number') return error;
    return { ...error, path: ['_entities', indices[error.path[1]] ?? error.path[1], ...error.path.slice(2)] };
  });
}

/** _entities: partner-keyed entities from their partner's answer, network-wide ones merged across the partners that answered. */
export function entitiesResponse(
  representations: readonly Representation[],
  routing: EntityRouting,
  answers: readonly EntityAnswer[],
  selections: readonly SelectionNode[],
): GatewayGraphQLResponse {
  const entities: Array<Json | null> = representations.map(() => null);
  const errors = [...routing.errors];
  const share = networkShare(answers, routing.network);
  const parts = new Map<number, Json[]>([...routing.network].map((i) => [i, []]));
  for (const { route, outcome } of answers) {
    if (outcome.kind === 'unavailable') {
      errors.push(...unavailableErrors(route, outcome.reason, routing.network, share));
      continue;
    }
    place(route, outcome.data, entities, parts);
    errors.push(...reindexed(outcome.errors, route.indices));
  }
  for (const [index, list] of parts) {
    if (list.length) entities[index] = mergeObjects(representations[index].__typename, selections, list);
  }
  return { data: { _entities: entities }, ...(errors.length ? { errors: dedupe(errors) } : {}) };
}

/** The same error from every partner (a bad argument, say) is reported once, naming them all. */
export function dedupe(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
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
