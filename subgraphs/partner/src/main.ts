import { runService } from '@coalition/shared/http';
import { readPartnerConfig } from './config';
import { scheduleLinkSync } from './enrollment/link-sync';
import { RegistryLinker } from './enrollment/registry-client';
import { openPartnerService } from './service';

/** Runs one partner subgraph from environment configuration. */
runService(async () => {
  const config = readPartnerConfig();
  const service = await openPartnerService(config);
  console.log(`partner ${config.partnerId} subgraph ready at ${service.server.url}`);
  if (!config.linkage || !config.linkSyncIntervalMs) return service;
  // Stored GSIDs follow the registry's merges and splits (docs/LINKAGE.md); config allows this only in tables mode.
  const sync = scheduleLinkSync(
    service.database.dataSource,
    new RegistryLinker(config.partnerId, config.linkage),
    config.partnerId,
    config.linkSyncIntervalMs,
    {
      info: (message) => console.log(`[partner ${config.partnerId}] ${message}`),
      error: (message) => console.error(`[partner ${config.partnerId}] ${message}`),
    },
  );
  console.log(`partner ${config.partnerId} syncs GSIDs with the registry every ${config.linkSyncIntervalMs} ms`);
  return {
    async stop() {
      // A sync under way finishes before the database closes.
      await sync.stop();
      await service.stop();
    },
  };
});
