import { randomUUID } from 'node:crypto';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { GraphQLError } from 'graphql';
import type { KeyObject } from 'node:crypto';
import { describeForLog, DomainError, ErrorCode, formatError } from '@coalition/shared';
import { partnerScope, PROOF_HEADER, ProofSigner, type Caller } from '@coalition/shared/auth';
import { serveGraphQL, type HttpServerLimits, type RunningServer } from '@coalition/shared/http';
import { Coverage, useCoverage } from './coverage';
// Not from ./compose: at run time the gateway needs no subgraph code, only the composed file.
import { ANALYTICS_SUBGRAPH, PARTNERS_SUBGRAPH } from './subgraph-names';
import { buildAnalyticsSchema } from './analytics/schema';
import { IndicatorEngine } from './analytics/engine';
import { PathwayEngine } from './analytics/pathways/engine';
import { SharedPeopleCache } from './analytics/shared-people';
import { ServiceClient } from './analytics/service-client';
import { FanoutDataSource } from './fanout/fanout-datasource';
import { PartnerDirectory } from './fanout/partner-directory';
import { SignedDataSource } from './auth/signing';
import { UserAuthenticator, type UserAuthConfig } from './auth/user-auth';
import { useAccessControl, type AccessContext, type AuditSink } from './auth/access';
import { useInputHygiene } from './input/use-input-hygiene';
import { checkPersistedQuery, PersistedOperations } from './auth/persisted';
import { DEFAULT_OPERATION_LIMITS, operationLimitRules, useOperationResolution, type OperationLimits } from './limits';
import type { RateLimiter } from './rate-limit';

export interface GatewayOptions {
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
  log?: (message: string) => void;
  /** How user tokens are checked. */
  auth: UserAuthConfig;
  /** The EC P-256 private key subgraph requests are signed with. */
  signingKey: KeyObject | string;
  limits?: OperationLimits;
  maxRequestBytes?: number;
  rateLimiter?: RateLimiter;
  persisted?: { operations: PersistedOperations; only: boolean };
  /** Where audit entries of person-level requests go; default: standard error. */
  audit?: AuditSink;
  /** k of disclosure control: cells counting 1 to k-1 people are suppressed for every role but the backbone (default 11). */
  minimumCellSize?: number;
  /** false: aggregate indicator records at the gateway instead of pushing down (the pushdown benchmark only). */
  indicatorPushdown?: boolean;
  /** Header and request timeouts and a connection cap against slow clients (defaults in serveGraphQL). */
  http?: HttpServerLimits;
}

export interface GatewayServer extends RunningServer {
  directory: PartnerDirectory;
}

export type GatewayContext = AccessContext;

/** The gateway's own requests to the registry (the partner directory) act as a configuration reader. */
const GATEWAY_SERVICE: Caller = { subject: 'coalition-gateway', role: 'admin' };

const authError = (error: unknown) => {
  if (error instanceof DomainError) return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details, http: { status: 401 } } });
  return error;
};

/** Starts the backbone gateway. Side-effect free until called; only main.ts reads configuration. */
export async function startGateway(options: GatewayOptions): Promise<GatewayServer> {
  const log = options.log ?? ((message) => console.error(`[gateway] ${message}`));
  const audit: AuditSink = options.audit ?? ((entry) => console.error(`[audit] ${JSON.stringify(entry)}`));
  const signer = new ProofSigner({ algorithm: 'ES256', key: options.signingKey });
  const authenticator = new UserAuthenticator(options.auth);
  const directory = new PartnerDirectory({
    registryUrl: options.registryUrl,
    refreshIntervalMs: options.directoryRefreshMs,
    headers: (body) => ({ [PROOF_HEADER]: signer.sign('registry', body, GATEWAY_SERVICE, 'partner-directory', 'directory') }),
    log,
  });
  await directory.start();
  const fanout = new FanoutDataSource({
    directory,
    timeoutMs: options.partnerTimeoutMs,
    signer,
    // Each caller reaches only the partners its role and scope allow, per kind of data.
    scope: (context, partners, access) => {
      const caller = (context as GatewayContext).caller;
      if (!caller) return [];
      const scope = partnerScope(caller, access);
      return scope === 'ALL' ? partners : partners.filter((p) => scope.includes(p.id));
    },
  });
  const registryTimeoutMs = options.registryTimeoutMs ?? options.partnerTimeoutMs;
  const client = new ServiceClient({ registryUrl: options.registryUrl, signer, timeoutMs: options.partnerTimeoutMs, registryTimeoutMs });
  const partners = () => directory.list();
  const minimumCellSize = options.minimumCellSize ?? 11;
  const sharedPeople = new SharedPeopleCache(client);
  const analytics = new LocalGraphQLDataSource(buildAnalyticsSchema({
    indicators: new IndicatorEngine({ client, partners, minimumCellSize, pushdown: options.indicatorPushdown ?? true, sharedPeople }),
    pathways: new PathwayEngine({ client, partners, minimumCellSize, sharedPeople }),
    client,
    partners,
  }));
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      if (name === PARTNERS_SUBGRAPH) return fanout;
      if (name === ANALYTICS_SUBGRAPH) return analytics;
      return new SignedDataSource(options.registryUrl, registryTimeoutMs, signer, 'registry');
    },
    logger: { debug: () => undefined, info: () => undefined, warn: log, error: log },
  });
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    hideSchemaDetailsFromClientErrors: !!options.production,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: operationLimitRules(limits),
    plugins: [
      useOperationResolution<GatewayContext>(),
      useAccessControl<GatewayContext>(audit),
      useInputHygiene(),
      useCoverage(),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
    formatError: (formatted, error) => formatError(formatted, error, (e) => log(`unexpected error: ${describeForLog(e)}`)),
  });
  try {
    const running = await serveGraphQL(apollo, {
      ...options.http,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      maxBodyBytes: options.maxRequestBytes ?? 100_000,
      prepareBody: options.persisted ? (body) => options.persisted!.operations.apply(body, options.persisted!.only) : checkPersistedQuery,
      getOperations: !options.persisted?.only,
      context: async (request) => {
        const caller = await authenticator.authenticate(request.headers.authorization).catch((error) => {
          throw authError(error);
        });
        if (options.rateLimiter) {
          const decision = await options.rateLimiter.hit(caller?.subject ?? 'anonymous');
          if (!decision.allowed) {
            const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
            throw new GraphQLError(`Too many requests: at most ${decision.limit} per window; try again in ${seconds} s`, {
              extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: seconds, http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) } },
            });
          }
        }
        return { coverage: new Coverage(), caller, requestId: randomUUID() };
      },
      health: async () => ({ service: 'gateway', partners: directory.list().length, directoryRefreshedAt: directory.refreshedAt()?.toISOString() ?? null }),
    });
    return {
      ...running,
      directory,
      async stop() {
        directory.stop();
        await running.stop();
        await options.rateLimiter?.close();
      },
    };
  } catch (error) {
    directory.stop();
    throw error;
  }
}
