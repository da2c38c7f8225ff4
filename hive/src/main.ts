import { fileAuditSink, readGatewayConfig } from '@coalition/gateway';
import { runService } from '@coalition/shared/http';
import { startHiveGateway } from './runtime';

runService(async () => {
  // readAuthConfig is not exported by @coalition/gateway; its whole reader is, and reads the same
  // variables: SUPERGRAPH_PATH, REGISTRY_URL, PARTNERS_URL, ANALYTICS_URL, GATEWAY_SIGNING_KEY (PEM
  // or a file), AUTH_*, MAX_QUERY_*, HOST, PORT. (It checks the Apollo gateway's other settings too.)
  const config = readGatewayConfig(process.env);
  // Our gateway runs partners and analytics in process when these are unset; Hive has no such fallback.
  if (!config.partnersUrl) throw new Error('PARTNERS_URL is required: the URL of the partners subgraph service, e.g. http://127.0.0.1:4200/graphql');
  if (!config.analyticsUrl) throw new Error('ANALYTICS_URL is required: the URL of the analytics subgraph service, e.g. http://127.0.0.1:4100/graphql');
  const gateway = await startHiveGateway({
    supergraphSdl: config.supergraphSdl,
    subgraphUrls: { registry: config.registryUrl, partners: config.partnersUrl, analytics: config.analyticsUrl },
    auth: config.auth,
    signingKey: config.signingKey,
    limits: config.limits,
    audit: config.auditLogPath ? fileAuditSink(config.auditLogPath) : undefined,
    host: config.host,
    port: config.port,
  });
  console.log(`hive gateway ready at ${gateway.url}`);
  return gateway;
});
