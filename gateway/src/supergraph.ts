import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ProofSigner } from '@coalition/shared/auth';
// Not from ./compose: at run time the gateway needs no subgraph code, only the composed file.
import { ANALYTICS_SUBGRAPH, PARTNERS_SUBGRAPH } from './subgraph-names';
import { buildAnalyticsSchema } from './analytics/schema';
import { IndicatorEngine } from './analytics/engine';
import { PathwayEngine } from './analytics/pathways/engine';
import { SharedPeopleCache } from './analytics/shared-people';
import { SuppressionPool } from './analytics/suppression-pool';
import type { PartnerDirectory, PartnerEntry } from './fanout/partner-directory';
import { DEFAULT_RELEASE_PARTNER_CONCURRENCY, ReleaseService } from './releases/service';
import { createUpstreamAccess } from './upstream/create';
import { AnswerCacheMetrics, AnswerCaching, createAnswerCache, DEFAULT_ANSWER_CACHE_MB, type AnswerCache } from './cache';
import type { GatewayOptions } from './server';
import type { ServiceClient } from './analytics/service-client';
import { DEFAULT_PROTECTION } from './analytics/protection/model';
import { FunnelSuppressionCache, SuppressionCache } from './analytics/figures';

/**
 * The supergraph's executor and the data source of each subgraph: the partners' fan-out, the
 * analytics subgraph in process, the registry. Builds without I/O: the directory is started by
 * the gateway's listen(); the suppression pool starts threads on first need and is closed by its stop();
 * a Redis answer cache is opened by listen() and closed by stop().
 */
export function createSupergraphGateway(
  options: GatewayOptions,
  log: (message: string) => void,
): { directory: PartnerDirectory; gateway: ApolloGateway; suppressionPool: SuppressionPool; answerCache: AnswerCache | null; metrics: AnswerCacheMetrics } {
  const signer = new ProofSigner({ algorithm: 'ES256', key: options.signingKey });
  // One client reaches partners and the registry (signing, deadlines, retry, coverage); each caller reaches only the partners its scope allows.
  const { directory, fanout, client, registrySource } = createUpstreamAccess({
    registryUrl: options.registryUrl,
    signer,
    partnerTimeoutMs: options.partnerTimeoutMs,
    registryTimeoutMs: options.registryTimeoutMs ?? options.partnerTimeoutMs,
    directoryRefreshMs: options.directoryRefreshMs,
    log,
  });
  const partners = () => directory.list();
  // One answer cache for indicators and pathways, keyed by the partners' data versions.
  const answerCache = createAnswerCache({
    megabytes: options.answerCacheMb ?? DEFAULT_ANSWER_CACHE_MB,
    redisUrl: options.redisUrl,
    keyPrefix: options.answerCacheKeyPrefix,
    log,
  });
  const metrics = new AnswerCacheMetrics();
  const { rule, suppression, indicatorsOver, pathwaysOver } = analyticsEngines(options, client, new AnswerCaching(client, answerCache, metrics));
  const releases = new ReleaseService({
    client,
    partners,
    indicatorsOver,
    pathwaysOver,
    rule,
    auditor: suppression,
    fundersSeeLive: options.fundersSeeLive ?? false,
    partnerConcurrency: options.releasePartnerConcurrency ?? DEFAULT_RELEASE_PARTNER_CONCURRENCY,
    log,
  });
  const analytics = new LocalGraphQLDataSource(
    buildAnalyticsSchema({
      indicators: indicatorsOver(partners),
      pathways: pathwaysOver(partners),
      client,
      partners,
      releases,
    }),
  );
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      if (name === PARTNERS_SUBGRAPH) return fanout;
      if (name === ANALYTICS_SUBGRAPH) return analytics;
      return registrySource;
    },
    logger: { debug: () => undefined, info: () => undefined, warn: log, error: log },
  });
  return { directory, gateway, suppressionPool: suppression, answerCache, metrics };
}

/**
 * The engines behind the analytics subgraph, live and releases' alike: one worker pool decides
 * suppression (never on the event loop), and one cache keeps its decisions by exact counts.
 */
function analyticsEngines(options: GatewayOptions, client: ServiceClient, answers: AnswerCaching) {
  const rule = { k: options.minimumCellSize ?? 11, p: options.disclosureProtection ?? DEFAULT_PROTECTION };
  const suppression = new SuppressionPool(options.disclosureWorkers);
  const common = {
    client,
    minimumCellSize: rule.k,
    protection: rule.p,
    sharedPeople: new SharedPeopleCache(client),
    suppression,
    suppressionCache: new SuppressionCache(256, suppression),
    answers,
  };
  const funnelSuppressionCache = new FunnelSuppressionCache(64, suppression);
  const indicatorsOver = (over: () => readonly PartnerEntry[], partnerConcurrency?: number) =>
    new IndicatorEngine({ ...common, partners: over, pushdown: options.indicatorPushdown ?? true, partnerConcurrency });
  const pathwaysOver = (over: () => readonly PartnerEntry[]) => new PathwayEngine({ ...common, partners: over, funnelSuppressionCache });
  return { rule, suppression, indicatorsOver, pathwaysOver };
}
