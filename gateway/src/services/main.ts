import { pino } from 'pino';
import { runService } from '@coalition/shared/http';
import { readStandaloneConfig } from '../config';
import { startAnalyticsService, startFanoutService } from './standalone';

/**
 * `node dist/services/main.js analytics|partners`: one of the gateway's parts as its own service,
 * behind a subgraph URL in the supergraph (the gateway's ANALYTICS_URL / PARTNERS_URL, or any
 * federation router's). Logs messages only: never a token, a proof or a value.
 */
const service = process.argv[2];
if (service !== 'analytics' && service !== 'partners') {
  console.error(`usage: node dist/services/main.js analytics|partners (got "${service ?? ''}")`);
  process.exit(2);
}

runService(async () => {
  const config = readStandaloneConfig(service);
  const logger = pino({ name: service, level: config.logLevel });
  const options = { ...config, log: (message: string) => logger.warn(message) };
  const running = service === 'analytics' ? await startAnalyticsService(options) : await startFanoutService(options);
  logger.info(`${service} service ready at ${running.url} (${running.directory.list().length} active partners)`);
  return running;
});
