import type { GraphQLSchema } from 'graphql';
import { buildAnalyticsSchema } from './schema';
import { IndicatorEngine } from './engine';
import { PathwayEngine } from './pathways/engine';
import { ThemeEngine } from './themes/engine';
import { SharedPeopleCache } from './shared-people';
import { SuppressionPool } from './suppression-pool';
import { FunnelSuppressionCache, SuppressionCache } from './figures';
import { DEFAULT_PROTECTION } from './protection/model';
import type { ServiceClient } from './service-client';
import type { PartnerEntry } from '../fanout/partner-directory';
import { DEFAULT_RELEASE_PARTNER_CONCURRENCY, ReleaseService } from '../releases/service';
import { AnswerCacheMetrics, AnswerCaching, createAnswerCache, DEFAULT_ANSWER_CACHE_MB, RedisAnswerCache, type AnswerCache } from '../cache';

/** How long Redis keeps an approval's progress: long enough to read how last week's approval ended. */
const APPROVAL_TTL_S = 7 * 86_400;

/** What the analytics subgraph is configured by, in the gateway process or as its own service. */
export interface AnalyticsOptions {
  /** k of disclosure control: cells counting 1 to k-1 people are suppressed for every role but the backbone (default 11). */
  minimumCellSize?: number;
  /** p, the protection level of hidden small counts (DISCLOSURE_PROTECTION); default 3. */
  disclosureProtection?: number;
  /** false: aggregate indicator records at the gateway instead of pushing down (the pushdown benchmark only). */
  indicatorPushdown?: boolean;
  /** Worker threads that decide cell suppression off the event loop (default: every core but one). */
  disclosureWorkers?: number;
  /**
   * Memory in MB for partners' and published answers kept by data version (default 256, as
   * ANSWER_CACHE_MB); 0: no answer cache, every answer computed at the partners (tests and
   * benchmarks that measure what partners run).
   */
  answerCacheMb?: number;
  /** The answer cache and approvals in progress in this Redis instead of memory, shared by every replica (opened by listen()). */
  redisUrl?: string;
  /** Redis keys of the answer cache start with this (default `cg:answer:`): coalitions sharing one Redis never meet. */
  answerCacheKeyPrefix?: string;
  /** Funders may also read live, unreleased figures (a coalition setting; default false: released figures only). */
  fundersSeeLive?: boolean;
  /** Partners an approval of a release asks at once (default 2), so that it leaves room for other requests. */
  releasePartnerConcurrency?: number;
}

/** The analytics subgraph built: its schema, and what must be opened before serving and closed after. */
export interface Analytics {
  schema: GraphQLSchema;
  releases: ReleaseService;
  metrics: AnswerCacheMetrics;
  /** Opens the Redis answer cache, if any (never fails: a missing Redis is a miss on every lookup). */
  open(): Promise<void>;
  /** Stops the suppression workers and closes the answer cache. */
  close(): Promise<void>;
}

/**
 * The analytics subgraph and its engines: network indicators, pathways and releases, over one
 * client to the partners and the registry. One worker pool decides suppression (never on the
 * event loop), one cache keeps its decisions by exact counts, one answer cache keeps partners'
 * and published answers by data version. Builds without I/O.
 */
export function createAnalytics(
  options: AnalyticsOptions,
  client: ServiceClient,
  partners: () => readonly PartnerEntry[],
  log: (message: string) => void,
): Analytics {
  const answerCache: AnswerCache | null = createAnswerCache({
    megabytes: options.answerCacheMb ?? DEFAULT_ANSWER_CACHE_MB,
    redisUrl: options.redisUrl,
    keyPrefix: options.answerCacheKeyPrefix,
    log,
  });
  // Approvals are followed through the same Redis, so any replica answers `releaseApproval`.
  const approvalStore = options.redisUrl
    ? new RedisAnswerCache(options.redisUrl, { keyPrefix: `${options.answerCacheKeyPrefix ?? 'cg:answer:'}approval:`, ttlSeconds: APPROVAL_TTL_S, log })
    : null;
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
    approvalStore,
    log,
  });
  const indicators = indicatorsOver(partners);
  const themes = new ThemeEngine({ client, partners, indicators, minimumCellSize: rule.k });
  const schema = buildAnalyticsSchema({ indicators, pathways: pathwaysOver(partners), client, partners, releases, themes });
  return {
    schema,
    releases,
    metrics,
    open: async () => {
      await Promise.all([answerCache?.open(), approvalStore?.open()]);
    },
    async close() {
      releases.close();
      try {
        await suppression.close();
      } finally {
        await Promise.all([answerCache?.close(), approvalStore?.close()]);
      }
    },
  };
}

function analyticsEngines(options: AnalyticsOptions, client: ServiceClient, answers: AnswerCaching) {
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
