import { createPublicKey, type KeyObject } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { Supergraph } from '@apollo/federation-internals';
import { GraphQLError } from 'graphql';
import { describeForLog, formatError, StopStack } from '@coalition/shared';
import { createReplayStore, GATEWAY_ISSUER, PROOF_HEADER, ProofSigner, ProofVerifier, type VerifiedProof } from '@coalition/shared/auth';
import { serveGraphQL, type HttpServerLimits, type RunningServer } from '@coalition/shared/http';
import { createAnalytics, type AnalyticsOptions } from '../analytics/create';
import { Coverage, useCoverage } from '../coverage';
import type { PartnerDirectory } from '../fanout/partner-directory';
import { ANALYTICS_SUBGRAPH, PARTNERS_SUBGRAPH } from '../subgraph-names';
import { createUpstreamAccess, upstreamOptions, type UpstreamAccess } from '../upstream/create';
import type { UpstreamContext } from '../upstream/identity';
import { COVERAGE_EXTENSION } from './remote-source';

export interface StandaloneOptions extends AnalyticsOptions {
  registryUrl: string;
  /** The gateway's EC P-256 private key: requests onward to partners and the registry are signed with it. */
  signingKey: KeyObject;
  /** Public keys whose proofs this service accepts; default the public half of signingKey (every replica of the gateway). */
  acceptKeys?: KeyObject[];
  host?: string;
  port?: number;
  partnerTimeoutMs: number;
  registryTimeoutMs?: number;
  directoryRefreshMs: number;
  /** Redis shared by the replicas: accepted proofs (and, for analytics, the answer cache). Unset: this process's memory. */
  redisUrl?: string;
  http?: HttpServerLimits;
  maxRequestBytes?: number;
  log?: (message: string) => void;
}

export interface StandaloneService extends RunningServer {
  name: string;
  directory: PartnerDirectory;
}

type ServiceContext = UpstreamContext & { coverage: Coverage };

/**
 * What both services share: the upstream client to partners and the registry (signing onward
 * with the gateway's key), the partner directory, the proof check on every request (this
 * service's name as audience, any gateway replica's key, each proof once across replicas through
 * Redis), and the HTTP server. What fails half-way is closed again.
 */
async function serveStandalone(
  name: string,
  options: StandaloneOptions,
  build: (access: UpstreamAccess, log: (message: string) => void, stack: StopStack) => Promise<ApolloServer<ServiceContext>>,
): Promise<StandaloneService> {
  const log = options.log ?? ((message: string) => console.error(`[${name}] ${message}`));
  const stack = new StopStack((error) => log(`while stopping: ${describeForLog(error)}`));
  return stack.guard(async () => {
    const signer = new ProofSigner({ algorithm: 'ES256', key: options.signingKey });
    const access = createUpstreamAccess(upstreamOptions(options, signer, log));
    const apollo = await build(access, log, stack);
    const replayStore = await createReplayStore(options.redisUrl, { onError: (e) => log(`replay check failed, request refused (503): ${describeForLog(e)}`) });
    stack.defer(() => replayStore.close());
    const keys = options.acceptKeys?.length ? options.acceptKeys : [createPublicKey(options.signingKey)];
    const verifiers = keys.map((key) => new ProofVerifier({ audience: name, issuers: { [GATEWAY_ISSUER]: { algorithm: 'ES256', key } }, replayStore }));
    await access.directory.start();
    stack.defer(async () => access.directory.stop());
    const server = stack.use(
      await serveGraphQL<ServiceContext, VerifiedProof>(apollo, {
        ...options.http,
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 0,
        maxBodyBytes: options.maxRequestBytes ?? 1_000_000,
        log,
        authenticate: (request, body) => verifyWithAny(verifiers, request.headers[PROOF_HEADER] as string | undefined, body),
        context: async (_request, proof) => ({ caller: proof.caller, requestId: proof.requestId, coverage: new Coverage() }),
        health: async () => ({ service: name, partners: access.directory.list().length }),
      }),
    );
    return { ...server, name, directory: access.directory, stop: () => stack.stop() };
  });
}

/** During a key rotation the gateway replicas sign with either key; the first verifier whose key fits wins. */
async function verifyWithAny(verifiers: ProofVerifier[], token: string | undefined, body: string): Promise<VerifiedProof> {
  let failure: unknown;
  for (const verifier of verifiers) {
    try {
      return await verifier.verify(token, body);
    } catch (error) {
      failure = error;
      if ((error as { status?: number }).status === 503) throw error;
    }
  }
  throw failure;
}

const apolloOptions = (log: (message: string) => void) => ({
  // runService owns SIGINT/SIGTERM and stops everything in order.
  stopOnTerminationSignals: false,
  includeStacktraceInErrorResponses: false,
  formatError: (formatted: Parameters<typeof formatError>[0], error: unknown) =>
    formatError(formatted, error, (e) => log(`unexpected error: ${describeForLog(e)}`)),
  // No per-field traces: the gateway does not report usage to Apollo.
  // The partners a service asked go back to the gateway with the answer (Coverage.wire()).
  plugins: [useCoverage<ServiceContext>((coverage) => ({ [COVERAGE_EXTENSION]: coverage.wire() })), ApolloServerPluginInlineTraceDisabled()],
});

/** The analytics subgraph as its own service: network indicators, pathways and releases. */
export function startAnalyticsService(options: StandaloneOptions): Promise<StandaloneService> {
  return serveStandalone(ANALYTICS_SUBGRAPH, options, async (access, log, stack) => {
    const analytics = createAnalytics(options, access.client, () => access.directory.list(), log);
    stack.defer(() => analytics.close());
    await analytics.open();
    return new ApolloServer<ServiceContext>({ schema: analytics.schema, ...apolloOptions(log) });
  });
}

/**
 * The partners' fan-out as its own service. It serves the "partners" subgraph's schema, taken
 * from the composed supergraph (so a supergraph without it refuses to start), and answers each
 * operation the gateway's query plan sends by asking the partners in the caller's scope.
 */
export async function startFanoutService(options: StandaloneOptions & { supergraphSdl: string }): Promise<StandaloneService> {
  const schema = partnersSchema(options.supergraphSdl);
  return serveStandalone(PARTNERS_SUBGRAPH, options, async (access, log) => {
    // Apollo Server's gateway interface is its one way to serve a schema with its own executor.
    let loaded: GatewaySchemaLoadOrUpdateCallback | undefined;
    const gateway: GatewayInterface = {
      onSchemaLoadOrUpdate(callback) {
        loaded = callback;
        return () => undefined;
      },
      async load() {
        loaded?.({ apiSchema: schema, coreSupergraphSdl: options.supergraphSdl });
        return {
          executor: async (request) => {
            const { data, errors } = await access.fanout.serve(request.request, request.context as ServiceContext, request.document);
            return { data, errors: errors?.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) };
          },
        };
      },
      stop: async () => undefined,
    };
    return new ApolloServer<ServiceContext>({ gateway, ...apolloOptions(log) });
  });
}

/** The "partners" subgraph's schema from a composed supergraph; a clear error when there is none. */
export function partnersSchema(supergraphSdl: string) {
  let supergraph: Supergraph;
  try {
    supergraph = Supergraph.build(supergraphSdl);
  } catch (error) {
    throw new Error(`SUPERGRAPH_PATH does not hold a composed supergraph: ${(error as Error).message.split('\n')[0]}`);
  }
  const subgraph = supergraph.subgraphs().get(PARTNERS_SUBGRAPH);
  if (!subgraph) throw new Error(`the supergraph has no "${PARTNERS_SUBGRAPH}" subgraph (it names ${supergraph.subgraphs().names().join(', ')})`);
  return subgraph.schema.toGraphQLJSSchema();
}
