import { runService } from '@coalition/shared/http';
import { readRegistryConfig } from './config';
import { createRegistryDataSource } from './db/data-source';
import { startRegistryServer } from './server';

/** Runs the registry subgraph from environment configuration. */
runService(async () => {
  const config = readRegistryConfig();
  const dataSource = createRegistryDataSource(config.databaseUrl, { logError: (m) => console.error(`[registry] ${m}`) });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const server = await startRegistryServer({ dataSource, host: config.host, port: config.port, thresholds: config.thresholds, gatewayPublicKey: config.gatewayPublicKey, partnerKeys: config.partnerKeys });
  console.log(`registry subgraph ready at ${server.url}`);
  return {
    async stop() {
      await server.stop();
      await dataSource.destroy();
    },
  };
});
