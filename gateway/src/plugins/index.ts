// Every cross-cutting concern of the gateway, one plugin each; createGateway (../gateway.ts) lists them in order.
export { documentOptions, edgeHooks, type GatewayContext, type GatewayPlugin } from './gateway-plugin';
export { useLogging, lineLogger, type GatewayLogger } from './use-logging';
export { useAuthentication } from './use-authentication';
export { useRateLimit } from './use-rate-limit';
export { usePersistedOperations, type PersistedOperationsOptions } from './use-persisted-operations';
export { useOperationLimits } from './use-operation-limits';
export { useOperationResolution } from '../limits/operation-resolution';
export { useAccessControl } from '../auth/access';
export { useAudit, auditEntry, fileAuditSink, standardErrorSink, type AuditEntry, type AuditSink, type AuditedRequest } from './use-audit';
export { useInputHygiene } from '../input/use-input-hygiene';
export { useCoverage } from '../coverage';
