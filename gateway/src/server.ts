import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { describeForLog, formatError } from '@coalition/shared';
import { serveGraphQL, type RunningServer } from '@coalition/shared/http';
import { Coverage, useCoverage, type CoverageContext } from './coverage';
// Not from ./compose: at run time the gateway needs no subgraph code, only the composed file.
import { PARTNERS_SUBGRAPH } from './subgraph-names';
import { FanoutDataSource, type FanoutOptions } from './fanout/fanout-datasource';
import { PartnerDirectory } from './fanout/partner-directory';
import { fetcherWithTimeout } from './fanout/partner-source';

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
  /** Production mode: no introspection, no IDE. */
  production?: boolean;
  log?: (message: string) => void;
  scope?: FanoutOptions['scope'];
}

export interface GatewayServer extends RunningServer {
  directory: PartnerDirectory;
}

export type GatewayContext = CoverageContext;

/** Starts the backbone gateway. Side-effect free until called; only main.ts reads configuration. */
export async function startGateway(options: GatewayOptions): Promise<GatewayServer> {
  const log = options.log ?? ((message) => console.error(`[gateway] ${message}`));
  const directory = new PartnerDirectory({ registryUrl: options.registryUrl, refreshIntervalMs: options.directoryRefreshMs, log });
  await directory.start();
  const fanout = new FanoutDataSource({ directory, timeoutMs: options.partnerTimeoutMs, scope: options.scope });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) =>
      name === PARTNERS_SUBGRAPH
        ? fanout
        : new RemoteGraphQLDataSource({ url: options.registryUrl, fetcher: fetcherWithTimeout(options.registryTimeoutMs ?? options.partnerTimeoutMs) }),
    logger: { debug: () => undefined, info: () => undefined, warn: log, error: log },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    plugins: [
      useCoverage(),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
    formatError: (formatted, error) => formatError(formatted, error, (e) => log(`unexpected error: ${describeForLog(e)}`)),
  });
  try {
    const running = await serveGraphQL(apollo, {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      context: async () => ({ coverage: new Coverage() }),
      health: async () => ({ service: 'gateway', partners: directory.list().length, directoryRefreshedAt: directory.refreshedAt()?.toISOString() ?? null }),
    });
    return {
      ...running,
      directory,
      async stop() {
        directory.stop();
        await running.stop();
      },
    };
  } catch (error) {
    directory.stop();
    throw error;
  }
}
