import type { GraphQLFormattedError } from 'graphql';
import { answered, unavailable, type Outcome } from '../upstream/outcome';

type Json = Record<string, unknown>;

interface Pending {
  representations: Json[];
  resolve: (outcome: Outcome) => void;
}

/** One load's share of a coalesced answer: its slice of `_entities`, and the errors that concern it, re-indexed. */
function share(outcome: Outcome, start: number, end: number): Outcome {
  if (outcome.kind === 'unavailable') return outcome;
  const entities = outcome.data?._entities as Array<Json | null> | undefined;
  const errors = outcome.errors.flatMap((error): GraphQLFormattedError[] => {
    const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
    if (typeof index !== 'number') return [error];
    if (index < start || index >= end) return [];
    return [{ ...error, path: ['_entities', index - start, ...error.path!.slice(2)] }];
  });
  return answered(entities ? { _entities: entities.slice(start, end) } : null, errors);
}

/**
 * Coalesces the _entities fetches that one incoming request sends to the same partner with the
 * same selection in the same turn of the event loop. The query planner makes one fetch per
 * path, so `a: stakeholder(...) b: stakeholder(...) ...` would otherwise cost one partner
 * request (and one set of SQL statements) per alias; coalesced, it costs one.
 */
export class EntityBatcher {
  private readonly pending = new Map<string, Pending[]>();

  constructor(private readonly send: (key: string, representations: Json[]) => Promise<Outcome>) {}

  load(key: string, representations: Json[]): Promise<Outcome> {
    return new Promise((resolve) => {
      let queue = this.pending.get(key);
      if (!queue) {
        queue = [];
        this.pending.set(key, queue);
        // setImmediate, not a microtask: the gateway starts parallel fetches across several ticks.
        setImmediate(() => {
          this.pending.delete(key);
          void this.flush(key, queue!);
        });
      }
      queue.push({ representations, resolve });
    });
  }

  private async flush(key: string, queue: Pending[]): Promise<void> {
    const outcome = await this.send(
      key,
      queue.flatMap((p) => p.representations),
    ).catch(() => unavailable('internal error while sending'));
    let offset = 0;
    for (const item of queue) {
      const start = offset;
      offset += item.representations.length;
      item.resolve(share(outcome, start, offset));
    }
  }
}
