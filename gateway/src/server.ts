import { randomUUID, type KeyObject } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { formatError } from '@coalition/shared';
import { serveGraphQL, type HttpServerLimits, type RunningServer, type ServeOptions } from '@coalition/shared/http';
import { Coverage } from './coverage';
import type { Registry } from 'prom-client';
import type { PartnerDirectory } from './fanout/partner-directory';
import type { UserAuthConfig } from './auth/user-auth';
import type { OperationLimits } from './limits';
import type { RateLimiter } from './rate-limit';
import { createSupergraphGateway, type SupergraphGateway } from './supergraph';
import type { AnalyticsOptions } from './analytics/create';
import { PersistedOperations } from './auth/persisted';
import { dashboardManifest, dashboardPages, isBuilt, type DashboardOptions } from './web/dashboard';
import {
  documentOptions,
  edgeHooks,
  lineLogger,
  useAccessControl,
  useAudit,
  useAuthentication,
  useCoverage,
  useInputHygiene,
  useLogging,
  useOperationLimits,
  useOperationResolution,
  usePersistedOperations,
  useRateLimit,
  type AuditSink,
  type GatewayContext,
  type GatewayLogger,
  type GatewayPlugin,
  type PersistedOperationsOptions,
} from './plugins';

export type { GatewayContext } from './plugins';

/** The analytics settings (disclosure control, answer cache, releases) are AnalyticsOptions': the same for a standalone analytics service. */
export interface GatewayOptions extends AnalyticsOptions {
  supergraphSdl: string;
  registryUrl: string;
  /** A partner that has not answered by then drops out of the answer. */
  partnerTimeoutMs: number;
  directoryRefreshMs: number;
  /** Deadline for registry requests; defaults to partnerTimeoutMs. */
  registryTimeoutMs?: number;
  host?: string;
  port?: number;
  /** Production mode: no introspection, no IDE, no schema hints in error messages. */
  production?: boolean;
  /** Where the gateway's messages go (main.ts gives a pino logger); default: `log`. */
  logger?: GatewayLogger;
  /** Every message as one line (tests); default: standard error with a [gateway] prefix. */
  log?: (message: string) => void;
  /** How user tokens are checked. */
  auth: UserAuthConfig;
  /** The EC P-256 private key subgraph requests are signed with. */
  signingKey: KeyObject | string;
  limits?: OperationLimits;
  maxRequestBytes?: number;
  /** Connected already (createGateway does no I/O); the gateway closes it when it stops. */
  rateLimiter?: RateLimiter;
  persisted?: PersistedOperationsOptions;
  /** Where audit entries of person-level requests go; default: standard error. */
  audit?: AuditSink;
  /** Header and request timeouts and a connection cap against slow clients (defaults in serveGraphQL). */
  http?: HttpServerLimits;
  /** The dashboard and the GraphQL IDE at /dashboard (built by the dashboard workspace); none when absent. */
  dashboard?: DashboardOptions;
  /** The analytics subgraph as a standalone service (ANALYTICS_URL) instead of in this process. */
  analyticsUrl?: string;
  /** The partners' fan-out as a standalone service (PARTNERS_URL) instead of in this process. */
  partnersUrl?: string;
  /** How long a standalone service may take (SERVICE_TIMEOUT_MS; default 60 s). */
  serviceTimeoutMs?: number;
}

export interface GatewayServer extends RunningServer {
  directory: PartnerDirectory;
  /** The gateway's own prom-client counters: the answer cache's hits and misses by level. */
  metrics: Registry;
}

/** A gateway built and not serving yet. */
export interface Gateway {
  /** The Apollo Server with every plugin, not started. */
  apollo: ApolloServer<GatewayContext>;
  /** Starts the partner directory, Apollo Server and the HTTP server (once). */
  listen(): Promise<GatewayServer>;
}

/**
 * Every cross-cutting concern, in the order its hooks run: logging sees every error; at the HTTP
 * edge persisted operations, then the caller and its rate limit, before anything is parsed; the
 * operation limits while validating; then the operation's resolution, access and input before
 * any subgraph is called; on the way out the audit, then the coverage.
 */
function gatewayPlugins(options: GatewayOptions, logger: GatewayLogger): GatewayPlugin[] {
  return [
    useLogging(logger),
    usePersistedOperations(withDashboardOperations(options.persisted, options.dashboard)),
    useAuthentication(options.auth),
    useRateLimit(options.rateLimiter),
    useOperationLimits(options.limits),
    useOperationResolution<GatewayContext>(),
    useAccessControl<GatewayContext>(),
    useAudit(options.audit),
    useInputHygiene<GatewayContext>(),
    useCoverage<GatewayContext>(),
    // No Apollo landing page (Sandbox loads from Apollo's CDN): browsers get the IDE at /dashboard/ide.html.
    ApolloServerPluginLandingPageDisabled(),
  ];
}

async function listen(apollo: ApolloServer<GatewayContext>, supergraph: SupergraphGateway, serveOptions: ServeOptions<GatewayContext>): Promise<GatewayServer> {
  const { directory } = supergraph;
  // Never fails: a Redis that is not there yet is a miss on every lookup, and is retried.
  await supergraph.open();
  await directory.start();
  try {
    const running = await serveGraphQL(apollo, serveOptions);
    return {
      ...running,
      directory,
      metrics: supergraph.metrics.registry,
      async stop() {
        directory.stop();
        try {
          // Stopping Apollo Server also closes what plugins hold (useRateLimit's limiter).
          await running.stop();
        } finally {
          await supergraph.close();
        }
      },
    };
  } catch (error) {
    directory.stop();
    await supergraph.close();
    throw error;
  }
}

/**
 * The dashboard sends its operations by hash only, so a gateway serving it knows them: its
 * manifest joins the configured list (whose persisted-only setting holds), or becomes the list.
 */
function withDashboardOperations(persisted: PersistedOperationsOptions | undefined, dashboard: DashboardOptions | undefined) {
  if (!dashboard || !isBuilt(dashboard.dir)) return persisted;
  const operations = PersistedOperations.load(dashboardManifest(dashboard.dir));
  return persisted ? { ...persisted, operations: persisted.operations.with(operations) } : { operations, only: false };
}

/**
 * Builds the backbone gateway without network I/O: no port, no request to the registry, no
 * connection. It reads only the dashboard's built files (its operations manifest). Only main.ts
 * reads configuration; `listen()` serves.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const logger = options.logger ?? lineLogger(options.log ?? ((message) => console.error(`[gateway] ${message}`)));
  const supergraph = createSupergraphGateway(options, (message) => logger.warn(message));
  const { directory, gateway } = supergraph;
  const plugins = gatewayPlugins(options, logger);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    // runService (main.ts) owns SIGINT/SIGTERM and stops everything in order; Apollo's own handler
    // would stop it first and re-send the signal, killing the process before pools close.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: !!options.production,
    includeStacktraceInErrorResponses: false,
    ...documentOptions(plugins),
    plugins,
    // The one mapping; useLogging logs what it turns into INTERNAL_SERVER_ERROR.
    formatError: (formatted, error) => formatError(formatted, error),
  });
  const serveOptions: ServeOptions<GatewayContext> = {
    ...options.http,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxBodyBytes: options.maxRequestBytes ?? 100_000,
    log: (message) => logger.error(message),
    ...edgeHooks(plugins, () => ({ caller: null, requestId: randomUUID(), coverage: new Coverage() })),
    health: async () => ({ service: 'gateway', partners: directory.list().length, directoryRefreshedAt: directory.refreshedAt()?.toISOString() ?? null }),
    // The answer cache's hits and misses by level, on GET /metrics with the rest.
    metricRegistries: [supergraph.metrics.registry],
    pages: options.dashboard ? dashboardPages(options.dashboard, !!options.production) : undefined,
  };
  if (options.dashboard && !isBuilt(options.dashboard.dir)) logger.warn(`no dashboard: ${options.dashboard.dir} holds no build (npm run build)`);
  return { apollo, listen: () => listen(apollo, supergraph, serveOptions) };
}

/** Builds and serves the gateway: `createGateway(options).listen()`. */
export async function startGateway(options: GatewayOptions): Promise<GatewayServer> {
  return createGateway(options).listen();
}
