import { runService } from '@coalition/shared/http';
import { createReplayStore } from '@coalition/shared/auth';
import { describeForLog } from '@coalition/shared';
import { readRegistryConfig } from './config';
import { createRegistryDataSource } from './db/data-source';
import { startRegistryServer } from './server';

/** Runs the registry subgraph from environment configuration. */
runService(async () => {
  const config = readRegistryConfig();
  const dataSource = createRegistryDataSource(config.databaseUrl, { logError: (m) => console.error(`[registry] ${m}`) });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  // Logged without the proof or its id: which check failed and why, nothing a replay could use.
  const replayStore = await createReplayStore(config.redisUrl, { onError: (e) => console.error(`[registry] replay check failed, request refused (503): ${describeForLog(e)}`) });
  const server = await startRegistryServer({ dataSource, host: config.host, port: config.port, thresholds: config.thresholds, gatewayPublicKey: config.gatewayPublicKey, partnerKeys: config.partnerKeys, replayStore });
  console.log(`registry subgraph ready at ${server.url}`);
  return {
    async stop() {
      await server.stop();
      await replayStore.close();
      await dataSource.destroy();
    },
  };
});
