import { runService } from '@coalition/shared/http';
import { readGatewayConfig } from './config';
import { startGateway } from './server';
import { fileAuditSink } from './auth/access';
import { PersistedOperations } from './auth/persisted';
import { createRateLimiter } from './rate-limit';

runService(async () => {
  const config = readGatewayConfig();
  const persisted = config.persistedOperationsPath
    ? { operations: PersistedOperations.load(config.persistedOperationsPath), only: config.persistedOnly }
    : undefined;
  const gateway = await startGateway({
    ...config,
    rateLimiter: config.rateLimit
      ? await createRateLimiter(config.rateLimit, (error) => console.error(`[gateway] rate-limit store failed (${error.name}); request allowed`))
      : undefined,
    persisted,
    audit: config.auditLogPath ? fileAuditSink(config.auditLogPath) : undefined,
  });
  console.log(`gateway ready at ${gateway.url} (${gateway.directory.list().length} active partners)`);
  return gateway;
});
