import { pino } from 'pino';
import { runService } from '@coalition/shared/http';
import { readGatewayConfig } from './config';
import { startGateway } from './server';
import { fileAuditSink } from './plugins';
import { PersistedOperations } from './auth/persisted';
import { createRateLimiter } from './rate-limit';

runService(async () => {
  const config = readGatewayConfig();
  // JSON lines on standard output. The gateway logs messages only: never a token, a variable or a value.
  const logger = pino({ name: 'gateway', level: config.logLevel });
  const persisted = config.persistedOperationsPath
    ? { operations: PersistedOperations.load(config.persistedOperationsPath), only: config.persistedOnly }
    : undefined;
  const gateway = await startGateway({
    ...config,
    logger,
    rateLimiter: config.rateLimit
      ? await createRateLimiter(config.rateLimit, (error) => logger.error(`rate-limit store failed (${error.name}); request allowed`))
      : undefined,
    persisted,
    audit: config.auditLogPath ? fileAuditSink(config.auditLogPath) : undefined,
  });
  logger.info(`gateway ready at ${gateway.url} (${gateway.directory.list().length} active partners)`);
  return gateway;
});
