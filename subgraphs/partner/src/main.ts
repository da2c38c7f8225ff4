import { runService } from '@coalition/shared/http';
import { createReplayStore } from '@coalition/shared/auth';
import { describeForLog } from '@coalition/shared';
import { readPartnerConfig } from './config';
import { createPartnerDataSource } from './db/data-source';
import { checkConformance } from './db/check';
import { startPartnerServer } from './server';

/** Runs one partner subgraph from environment configuration. */
runService(async () => {
  const config = readPartnerConfig();
  const database = createPartnerDataSource(config.databaseUrl, { schema: config.schema, poolSize: config.poolSize, logError: (m) => console.error(`[partner ${config.partnerId}] ${m}`) });
  await database.dataSource.initialize();
  if (config.dataMode === 'tables') {
    await database.dataSource.runMigrations({ transaction: 'each' });
  } else {
    // The partner's own views: never migrated, but checked, so a broken view fails at start, not mid-query.
    const problems = await checkConformance(database.dataSource, config.schema);
    if (problems.length) {
      await database.dataSource.destroy();
      throw new Error(`schema "${config.schema}" does not serve the contract:\n${problems.map((p) => `  ${p.relation}${p.column ? `.${p.column}` : ''}: ${p.problem}`).join('\n')}`);
    }
  }
  // Logged without the proof or its id: which check failed and why, nothing a replay could use.
  const replayStore = await createReplayStore(config.redisUrl, { onError: (e) => console.error(`[partner ${config.partnerId}] replay check failed, request refused (503): ${describeForLog(e)}`) });
  const server = await startPartnerServer({ partnerId: config.partnerId, partnerName: config.partnerName, database, host: config.host, port: config.port,
    // A partner serving its own views is read-only here: it enrolls people in its own system.
    linkage: config.dataMode === 'tables' ? config.linkage : undefined, gatewayPublicKey: config.gatewayPublicKey, rowExport: config.rowExport, replayStore });
  console.log(`partner ${config.partnerId} subgraph ready at ${server.url}`);
  return {
    async stop() {
      await server.stop();
      await replayStore.close();
      await database.dataSource.destroy();
    },
  };
});
