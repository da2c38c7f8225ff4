import { runService } from '@coalition/shared/http';
import { readRegistryConfig } from './config';
import { openRegistryService } from './service';

/** Runs the registry subgraph from environment configuration. */
runService(async () => {
  const service = await openRegistryService(readRegistryConfig());
  console.log(`registry subgraph ready at ${service.server.url}`);
  return service;
});
