import { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { describeForLog, formatError } from '@coalition/shared';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { serveGraphQL, type RunningServer } from '@coalition/shared/http';
import { createRegistryContext, createRegistryServices, type RegistryContext } from './context';
import { buildRegistrySchema } from './schema';
import type { MatchThresholds } from './linkage/score';

export interface RegistryServerOptions {
  dataSource: DataSource;
  host?: string;
  port?: number;
  logError?: (message: string) => void;
  thresholds?: MatchThresholds;
}

/** Starts the registry subgraph over an initialized, migrated data source. */
export async function startRegistryServer(options: RegistryServerOptions): Promise<RunningServer> {
  const logError = options.logError ?? ((message) => console.error(`[registry] ${message}`));
  const services = createRegistryServices(options.dataSource, options.thresholds);
  const apollo = new ApolloServer<RegistryContext>({
    schema: await buildRegistrySchema(),
    includeStacktraceInErrorResponses: false,
    // No usage reporting here, so no per-field traces to send to the gateway.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, error) =>
      formatError(formatted, error, (e) => logError(`unexpected error: ${describeForLog(e)}`)),
  });
  return serveGraphQL(apollo, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    context: async () => createRegistryContext(services),
    health: async () => {
      await options.dataSource.query('SELECT 1');
      return { service: 'registry' };
    },
  });
}
