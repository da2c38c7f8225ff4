export { createGateway, startGateway, type Gateway, type GatewayOptions, type GatewayServer, type GatewayContext } from './server';
export { composeSupergraph, CompositionError } from './compose';
export { PARTNERS_SUBGRAPH, REGISTRY_SUBGRAPH } from './subgraph-names';
export { defaultDashboardDir, readGatewayConfig, type GatewayConfig } from './config';
export type { DashboardOptions } from './web/dashboard';
export { makeEvidencePackage, type EvidenceOptions, type EvidencePackage } from './evidence/evidence';
export { launchChromium } from './evidence/chromium';
export { PartnerDirectory, type PartnerEntry } from './fanout/partner-directory';
export { FanoutDataSource, type FanoutOptions } from './fanout/fanout-datasource';
export {
  createUpstreamAccess,
  UpstreamClient,
  RegistryDataSource,
  partnersInScope,
  type UpstreamAccess,
  type UpstreamAccessOptions,
  type Outcome,
} from './upstream';
export { Coverage } from './coverage';
export { UserAuthenticator, type UserAuthConfig } from './auth/user-auth';
export { checkAccess, refusal, type AccessFacts } from './auth/access';
export { COVERAGE_EXTENSION } from './services/remote-source';
export {
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
  fileAuditSink,
  auditEntry,
  standardErrorSink,
  type AuditedRequest,
  lineLogger,
  type AuditEntry,
  type AuditSink,
  type GatewayLogger,
  type GatewayPlugin,
  type PersistedOperationsOptions,
} from './plugins';
export { PersistedOperations } from './auth/persisted';
export { DEFAULT_OPERATION_LIMITS, operationLimitRules, type OperationLimits } from './limits';
export { createRateLimiter, MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './rate-limit';
export { startAnalyticsService, startFanoutService, partnersSchema, type StandaloneOptions, type StandaloneService } from './services/standalone';
export { readStandaloneConfig, type StandaloneConfig } from './config';
