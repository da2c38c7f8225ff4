import { checkPersistedQuery, type PersistedOperations } from '../auth/persisted';
import type { GatewayPlugin } from './gateway-plugin';

export interface PersistedOperationsOptions {
  operations: PersistedOperations;
  /** Nothing but the listed operations runs (PERSISTED_ONLY=true). */
  only: boolean;
}

/**
 * Persisted operations, at the HTTP edge: a body naming a listed operation by hash gets its
 * text; in persisted-only mode anything else is refused, and operations are taken by POST only
 * so that none passes by a GET query string. Without a list, a persisted-query extension the
 * gateway cannot honour (another version, a hash that is not the query's) is refused with its
 * own code.
 */
export function usePersistedOperations(options: PersistedOperationsOptions | undefined): GatewayPlugin {
  if (!options) return { onRequestBody: checkPersistedQuery };
  return { onRequestBody: (body) => options.operations.apply(body, options.only), getOperations: !options.only };
}
