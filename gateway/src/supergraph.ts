import { ApolloGateway, LocalGraphQLDataSource, type GraphQLDataSource } from '@apollo/gateway';
import { ProofSigner } from '@coalition/shared/auth';
// Not from ./compose: at run time the gateway needs no subgraph code, only the composed file.
import { ANALYTICS_SUBGRAPH, PARTNERS_SUBGRAPH } from './subgraph-names';
import { createAnalytics, type Analytics } from './analytics/create';
import type { PartnerDirectory } from './fanout/partner-directory';
import { createUpstreamAccess, upstreamOptions } from './upstream/create';
import { AnswerCacheMetrics } from './cache';
import type { GatewayOptions } from './server';
import { SignedServiceSource } from './services/remote-source';

/** How long the gateway waits for a standalone service by default (a live figure at 12 x 50,000 takes seconds). */
export const DEFAULT_SERVICE_TIMEOUT_MS = 60_000;

export interface SupergraphGateway {
  directory: PartnerDirectory;
  gateway: ApolloGateway;
  /** The answer cache's hits and misses (none counted here when analytics is a standalone service). */
  metrics: AnswerCacheMetrics;
  /** Opens what the in-process analytics holds (a Redis answer cache). */
  open(): Promise<void>;
  /** Closes it: the suppression workers, the answer cache. */
  close(): Promise<void>;
}

/**
 * The supergraph's executor and the data source of each subgraph: the partners' fan-out and the
 * analytics subgraph, in process or as standalone services (ANALYTICS_URL, PARTNERS_URL), and the
 * registry. Builds without I/O: the directory is started by the gateway's listen(); the
 * suppression pool starts threads on first need.
 */
export function createSupergraphGateway(options: GatewayOptions, log: (message: string) => void): SupergraphGateway {
  const signer = new ProofSigner({ algorithm: 'ES256', key: options.signingKey });
  // One client reaches partners and the registry (signing, deadlines, retry, coverage); each caller reaches only the partners its scope allows.
  const { directory, fanout, client, registrySource } = createUpstreamAccess(upstreamOptions(options, signer, log));
  const timeoutMs = options.serviceTimeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS;
  const remote = (name: string, url: string) => new SignedServiceSource({ name, url, signer, timeoutMs });
  const analytics: Analytics | null = options.analyticsUrl ? null : createAnalytics(options, client, () => directory.list(), log);
  const sources: Record<string, GraphQLDataSource> = {
    [PARTNERS_SUBGRAPH]: options.partnersUrl ? remote(PARTNERS_SUBGRAPH, options.partnersUrl) : fanout,
    [ANALYTICS_SUBGRAPH]: analytics ? new LocalGraphQLDataSource(analytics.schema) : remote(ANALYTICS_SUBGRAPH, options.analyticsUrl!),
  };
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => sources[name] ?? registrySource,
    logger: { debug: () => undefined, info: () => undefined, warn: log, error: log },
  });
  return {
    directory,
    gateway,
    metrics: analytics?.metrics ?? new AnswerCacheMetrics(),
    open: async () => analytics?.open(),
    close: async () => analytics?.close(),
  };
}
