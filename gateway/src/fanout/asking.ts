import type { UpstreamClient } from '../upstream/client';
import { callerIdentity, type UpstreamContext } from '../upstream/identity';
import type { Outcome } from '../upstream/outcome';
import { partnerTarget, type PartnerEntry } from '../upstream/target';
import { EntityBatcher } from './entity-batcher';

type Json = Record<string, unknown>;

/** What every partner request of one incoming fetch shares. */
export interface Incoming {
  context: UpstreamContext;
  operationName?: string | null;
  extensions?: Record<string, unknown>;
}

/** Each error a partner answered with names it, so a client can tell the partners apart. */
function naming(outcome: Outcome, partnerId: string): Outcome {
  if (outcome.kind === 'unavailable') return outcome;
  return { ...outcome, errors: outcome.errors.map((e) => ({ ...e, extensions: { ...e.extensions, partnerId } })) };
}

/**
 * The fan-out's requests to partners: through the upstream client, as the incoming request's
 * caller (each partner applies that caller's scope again), counted in the request's coverage.
 */
export class PartnerAsker {
  /** Batchers per incoming request (keyed by its context object), per partner and query. */
  private readonly batchers = new WeakMap<object, Map<string, EntityBatcher>>();

  constructor(private readonly client: UpstreamClient) {}

  async ask(incoming: Incoming, partner: PartnerEntry, query: string, variables: Json, read: boolean): Promise<Outcome> {
    const request = { query, variables, operationName: incoming.operationName, extensions: incoming.extensions };
    const options = { as: callerIdentity(incoming.context), read, coverage: incoming.context.coverage };
    return naming(await this.client.send(partnerTarget(partner), request, options), partner.id);
  }

  /** An _entities request to one partner, coalesced with the request's other fetches of the same shape. */
  askEntities(incoming: Incoming, partner: PartnerEntry, query: string, variables: Json, representations: Json[]): Promise<Outcome> {
    let perRequest = this.batchers.get(incoming.context);
    if (!perRequest) {
      perRequest = new Map();
      this.batchers.set(incoming.context, perRequest);
    }
    const { representations: _each, ...rest } = variables;
    // Same partner, same query, same other variables: only the representations differ.
    const key = `${partner.id}\n${query}\n${JSON.stringify(rest)}`;
    let batcher = perRequest.get(key);
    if (!batcher) {
      batcher = new EntityBatcher((_key, all) => this.ask(incoming, partner, query, { ...rest, representations: all }, true));
      perRequest.set(key, batcher);
    }
    return batcher.load(key, representations);
  }
}
