import { runService } from '@coalition/shared/http';
import { readGatewayConfig } from './config';
import { startGateway } from './server';

runService(async () => {
  const gateway = await startGateway(readGatewayConfig());
  console.log(`gateway ready at ${gateway.url} (${gateway.directory.list().length} active partners)`);
  return gateway;
});
