import { runService } from '@coalition/shared/http';
import { readPartnerConfig } from './config';
import { openPartnerService } from './service';

/** Runs one partner subgraph from environment configuration. */
runService(async () => {
  const config = readPartnerConfig();
  const service = await openPartnerService(config);
  console.log(`partner ${config.partnerId} subgraph ready at ${service.server.url}`);
  return service;
});
