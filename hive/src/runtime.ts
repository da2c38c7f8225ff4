import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kind, parse, type DocumentNode, type EnumTypeDefinitionNode } from 'graphql';
import { createGatewayRuntime, type TransportEntryAdditions } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { DEFAULT_OPERATION_LIMITS, type AuditSink, type OperationLimits, type UserAuthConfig } from '@coalition/gateway';
import { useCoalitionAccess, useCoalitionAuthentication, useCoalitionLimits, useCoalitionProofs } from './plugins';

export interface HiveGatewayOptions {
  /** the composed Federation supergraph (gateway/supergraph.graphql) */
  supergraphSdl: string;
  /** each subgraph's URL by its name in the supergraph ("registry", "partners", "analytics"): the supergraph's own are placeholders */
  subgraphUrls: Record<string, string>;
  /** how users' bearer tokens are checked */
  auth: UserAuthConfig;
  /** the EC P-256 private key subgraph requests are signed with (GATEWAY_SIGNING_KEY) */
  signingKey: KeyObject;
  limits?: OperationLimits;
  /** Where audit entries of person-level and refused requests go (AUDIT_LOG_PATH); default standard error. */
  audit?: AuditSink;
  host?: string;
  /** 0 (default): any free port */
  port?: number;
}

export interface HiveGateway {
  /** where GraphQL is served, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  stop(): Promise<void>;
}

/** The supergraph, parsed: a bad one refuses to start rather than failing at the first request. */
function parseSupergraph(sdl: string): DocumentNode {
  try {
    return parse(sdl);
  } catch (error) {
    throw new Error(`The supergraph does not parse: ${(error as Error).message}`);
  }
}

/** The subgraphs a supergraph names: the `name` of each join__Graph value's @join__graph. */
export function subgraphNames(supergraph: DocumentNode): string[] {
  const joinGraph = supergraph.definitions.find(
    (definition): definition is EnumTypeDefinitionNode => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (!joinGraph?.values?.length) throw new Error('The supergraph names no subgraphs (no join__Graph enum values): is it a composed Federation supergraph?');
  return joinGraph.values.map((value) => {
    const name = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value;
    if (name?.kind !== Kind.STRING) throw new Error(`The supergraph's subgraph ${value.name.value} has no @join__graph(name:)`);
    return name.value;
  });
}

/**
 * Hive's transport entries: each subgraph's real location in place of the supergraph's
 * placeholder. Every subgraph of the supergraph needs one, and every URL given must name one of
 * them (a misspelt name would otherwise leave its subgraph on the placeholder).
 */
export function transportEntries(names: readonly string[], subgraphUrls: Record<string, string>): TransportEntryAdditions {
  const missing = names.filter((name) => !subgraphUrls[name]);
  if (missing.length)
    throw new Error(
      `No URL for subgraph${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of the supergraph: subgraphUrls must give one for each of ${names.join(', ')}`,
    );
  const unknown = Object.keys(subgraphUrls).filter((name) => !names.includes(name));
  if (unknown.length) throw new Error(`subgraphUrls names ${unknown.join(', ')}, which the supergraph does not have (it has ${names.join(', ')})`);
  const entries: TransportEntryAdditions = {};
  for (const name of names) {
    const url = subgraphUrls[name];
    if (!/^https?:\/\/[^{}\s]+$/.test(url)) throw new Error(`The URL of subgraph ${name} must be an http(s) URL; got "${url}"`);
    // No inflight deduplication: it would share one subgraph answer between concurrent identical
    // requests of different callers (the caller is only in the proof, which is added later).
    entries[name] = { kind: 'http', location: url, options: { deduplicateInflightRequests: false } };
  }
  return entries;
}

/**
 * The composed supergraph served by Hive Gateway's runtime over node:http at /graphql, with our
 * sign-in, access rules, operation limits and request proofs as plugins.
 */
export async function startHiveGateway(options: HiveGatewayOptions): Promise<HiveGateway> {
  const supergraph = parseSupergraph(options.supergraphSdl);
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const gateway = createGatewayRuntime({
    supergraph,
    transports: { http: httpTransport },
    transportEntries: transportEntries(subgraphNames(supergraph), options.subgraphUrls),
    plugins: () => [
      useCoalitionAuthentication(options.auth),
      useCoalitionLimits(limits),
      useCoalitionAccess(options.audit),
      useCoalitionProofs(options.signingKey),
    ],
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: 'warn',
  });
  try {
    // Hive builds the schema lazily: build it now, so that a supergraph it cannot serve refuses to start.
    await gateway.getSchema();
  } catch (error) {
    await gateway.dispose();
    throw new Error(`Hive could not load the supergraph: ${(error as Error).message}`);
  }
  const server = createServer(gateway);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
    });
  } catch (error) {
    await gateway.dispose();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.dispose();
    },
  };
}
