import type { GraphQLFormattedError } from 'graphql';

type Json = Record<string, unknown>;

export interface EntityAnswer {
  entities?: Array<Json | null>;
  errors: GraphQLFormattedError[];
  unavailable?: string;
}

interface Pending {
  representations: Json[];
  resolve: (answer: EntityAnswer) => void;
}

/**
 * Coalesces the _entities fetches that one incoming request sends to the same partner with the
 * same selection in the same turn of the event loop. The query planner makes one fetch per
 * path, so `a: stakeholder(...) b: stakeholder(...) ...` would otherwise cost one partner
 * request (and one set of SQL statements) per alias; coalesced, it costs one.
 */
export class EntityBatcher {
  private readonly pending = new Map<string, Pending[]>();

  constructor(private readonly send: (key: string, representations: Json[]) => Promise<EntityAnswer>) {}

  load(key: string, representations: Json[]): Promise<EntityAnswer> {
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
    const answer = await this.send(key, queue.flatMap((p) => p.representations)).catch(
      (): EntityAnswer => ({ errors: [], unavailable: 'internal error while sending' }),
    );
    let offset = 0;
    for (const item of queue) {
      const start = offset;
      const end = offset + item.representations.length;
      offset = end;
      const errors = answer.errors.flatMap((error) => {
        const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
        if (typeof index !== 'number') return [error];
        if (index < start || index >= end) return [];
        return [{ ...error, path: ['_entities', index - start, ...error.path!.slice(2)] }];
      });
      item.resolve({ entities: answer.entities?.slice(start, end), errors, unavailable: answer.unavailable });
    }
  }
}
