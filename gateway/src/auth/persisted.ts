import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ErrorCode } from '@coalition/shared';
import { HttpError } from '@coalition/shared/http';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface PersistedQueryRequest {
  query?: unknown;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } & Record<string, unknown>;
}

/**
 * Refuses a POST body whose `extensions.persistedQuery` cannot be served: a version other than 1,
 * or a hash that is not the SHA-256 of the query sent with it. Apollo Server answers both without
 * a code (they went out as INTERNAL_SERVER_ERROR); each gets its own so a client can tell them
 * apart. Returns the body unchanged, for `prepareBody` on a gateway without a manifest.
 */
export function checkPersistedQuery(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const request = body as PersistedQueryRequest;
  const persisted = request.extensions?.persistedQuery;
  if (!persisted) return body;
  if (persisted.version !== 1) {
    const version = JSON.stringify(persisted.version ?? null);
    throw new HttpError(ErrorCode.PERSISTED_QUERY_VERSION_UNSUPPORTED, `Unsupported persisted query version ${version}: only version 1 is served`);
  }
  if (typeof request.query === 'string' && sha256(request.query) !== persisted.sha256Hash) {
    throw new HttpError(ErrorCode.PERSISTED_QUERY_HASH_MISMATCH, 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it');
  }
  return body;
}

/**
 * Persisted operations for dashboards: an allow-list of operations by SHA-256 hash, in Apollo's
 * persisted query manifest format ({ format, version, operations: [{ id, name, type, body }] }).
 * A request may send only `extensions.persistedQuery.sha256Hash`; in persisted-only mode nothing
 * outside the list runs, whatever query text is sent.
 */
export class PersistedOperations {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  static load(path: string): PersistedOperations {
    let manifest: { format?: unknown; operations?: Array<{ id?: unknown; body?: unknown }> };
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new Error(`PERSISTED_OPERATIONS: no readable JSON manifest at ${path}`);
    }
    if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations)) {
      throw new Error('PERSISTED_OPERATIONS: the manifest must have format "apollo-persisted-query-manifest" and a list of operations');
    }
    const byHash = new Map<string, string>();
    manifest.operations.forEach((op, i) => {
      if (typeof op.body !== 'string' || typeof op.id !== 'string') throw new Error(`PERSISTED_OPERATIONS: operation ${i + 1} needs an id and a body`);
      if (sha256(op.body) !== op.id) throw new Error(`PERSISTED_OPERATIONS: operation ${i + 1}'s id is not the SHA-256 of its body`);
      byHash.set(op.id, op.body);
    });
    return new PersistedOperations(byHash);
  }

  /** Both lists: the same hash is the same text, so nothing can conflict. */
  with(other: PersistedOperations): PersistedOperations {
    return new PersistedOperations(new Map([...this.byHash, ...other.byHash]));
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Fills in the query of a request naming a persisted operation; refuses what the mode does not allow. */
  apply(body: unknown, persistedOnly: boolean): unknown {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const request = checkPersistedQuery(body) as PersistedQueryRequest;
    const hash = request.extensions?.persistedQuery?.sha256Hash;
    if (typeof hash === 'string') {
      const query = this.byHash.get(hash);
      // A text sent with its hash (an automatic persisted query registering itself) runs unless only listed operations may.
      if (!query && typeof request.query === 'string' && !persistedOnly) return request;
      if (!query) throw new HttpError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, "Unknown persisted operation: its hash is not on this gateway's list");
      const { persistedQuery: _used, ...extensions } = request.extensions!;
      return { ...request, query, extensions };
    }
    if (persistedOnly && !(typeof request.query === 'string' && this.byHash.has(sha256(request.query)))) {
      throw new HttpError(
        ErrorCode.PERSISTED_QUERY_REQUIRED,
        'Only persisted operations run on this gateway: send extensions.persistedQuery.sha256Hash of an operation on its list',
      );
    }
    return body;
  }
}
