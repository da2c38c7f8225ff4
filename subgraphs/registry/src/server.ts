import type { KeyObject } from 'node:crypto';
import { GATEWAY_ISSUER, PROOF_HEADER, ProofVerifier, type ProofKey, type ReplayStore } from '@coalition/shared/auth';
import { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { databaseUnreachable, describeForLog, ErrorCode, formatError } from '@coalition/shared';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { serveGraphQL, type RunningServer } from '@coalition/shared/http';
import { SqlCounter } from '@coalition/shared/subgraph';
import { createRegistryContext, createRegistryServices, type RegistryContext } from './context';
import { buildRegistrySchema } from './schema';
import type { MatchThresholds } from './linkage/score';

export interface RegistryServerOptions {
  dataSource: DataSource;
  host?: string;
  port?: number;
  logError?: (message: string) => void;
  thresholds?: MatchThresholds;
  /** The gateway's public key: requests without its proof (for the registry, this body, once) get 401. */
  gatewayPublicKey: KeyObject | string;
  /** partner id -> the key that partner signs its linkage requests with */
  partnerKeys?: Record<string, string>;
  /** Where accepted proof ids are kept: Redis, shared by the registry's replicas; default this process's memory. The caller closes it. */
  replayStore?: ReplayStore;
}

/** Starts the registry subgraph over an initialized, migrated data source. */
export async function startRegistryServer(options: RegistryServerOptions): Promise<RunningServer> {
  const logError = options.logError ?? ((message) => console.error(`[registry] ${message}`));
  const gatewayPublicKeyPem =
    typeof options.gatewayPublicKey === 'string' ? options.gatewayPublicKey : (options.gatewayPublicKey.export({ type: 'spki', format: 'pem' }) as string);
  const services = createRegistryServices(options.dataSource, options.thresholds, { partnerKeys: options.partnerKeys, gatewayPublicKeyPem });
  const apollo = new ApolloServer<RegistryContext>({
    schema: await buildRegistrySchema(),
    // runService (main.ts) owns SIGINT/SIGTERM and stops everything in order; Apollo's own handler
    // would stop it first and re-send the signal, killing the process before pools close.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // No usage reporting here, so no per-field traces to send to the gateway.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, error) =>
      // A registry that cannot read its database says so, and the gateway reports the registry unavailable.
      formatError(formatted, error, (e) => logError(`unexpected error: ${describeForLog(e)}`), {
        databaseDown: databaseUnreachable(ErrorCode.REGISTRY_UNAVAILABLE, 'The registry'),
      }),
  });
  const issuers: Record<string, ProofKey> = { [GATEWAY_ISSUER]: { algorithm: 'ES256', key: options.gatewayPublicKey } };
  // Partners' keys (configured and issued) are accepted only while the partner may sign: see PartnerLifecycle.keysFor.
  const verifier = new ProofVerifier({
    audience: 'registry',
    issuers,
    keysFor: (issuer) => services.lifecycle.keysFor(issuer),
    replayStore: options.replayStore,
  });
  return serveGraphQL(apollo, {
    host: options.host ?? '127.0.0.1',
    log: logError,
    port: options.port ?? 0,
    authenticate: (request, body) => verifier.verify(request.headers[PROOF_HEADER] as string | undefined, body),
    context: async (_request, proof) => createRegistryContext(services, proof),
    health: async () => {
      await options.dataSource.query('SELECT 1');
      return { service: 'registry' };
    },
    metrics: (): Record<string, number> =>
      options.dataSource.logger instanceof SqlCounter ? { coalition_sql_statements_total: options.dataSource.logger.statements } : {},
  });
}
