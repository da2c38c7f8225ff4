import type { DataSource } from 'typeorm';
import { createReplayStore } from '@coalition/shared/auth';
import { describeForLog, StopStack } from '@coalition/shared';
import { createPartnerDataSource, type PartnerDataSource } from './db/data-source';
import { checkConformance } from './db/check';
import { startPartnerServer, type PartnerServer, type PartnerServerOptions } from './server';
import { dataVersionSourceOf } from './version/data-version';
import { DataVersionService } from './version/data-version.service';
import { DataVersionWatcher } from './version/data-version.watcher';

export interface PartnerServiceOptions extends Omit<PartnerServerOptions, 'database' | 'replayStore'> {
  databaseUrl: string;
  /** The schema holding the contract's relations (default public). */
  schema?: string;
  /** tables (default): our migrations manage them; views: the partner's own views, checked, never migrated. */
  dataMode?: 'tables' | 'views';
  poolSize?: number;
  /** Where accepted request proofs are remembered, shared by this partner's replicas (unset: this process's memory). */
  redisUrl?: string;
  /** Runs on the ready database before the server listens (the demo seeds it here). */
  prepare?: (dataSource: DataSource) => Promise<void>;
}

export interface PartnerService {
  database: PartnerDataSource;
  server: PartnerServer;
  /** Stops the server, then forgets the replay store and closes the database. */
  stop(): Promise<void>;
}

/**
 * One partner service, composed: its database opened and migrated (or its own views checked),
 * its replay store, its GraphQL server listening. What fails half-way is closed again.
 */
export async function openPartnerService(options: PartnerServiceOptions): Promise<PartnerService> {
  const { databaseUrl, schema = 'public', dataMode = 'tables', poolSize, redisUrl, prepare, ...serverOptions } = options;
  const logError = options.logError ?? ((message) => console.error(`[partner ${options.partnerId}] ${message}`));
  const stack = new StopStack();
  return stack.guard(async () => {
    const database = createPartnerDataSource(databaseUrl, { schema, poolSize, logError });
    await database.dataSource.initialize();
    stack.defer(() => database.dataSource.destroy());
    await readyDatabase(database.dataSource, dataMode, schema);
    await prepare?.(database.dataSource);
    const dataVersion = await openDataVersion(database.dataSource, databaseUrl, dataMode, schema, logError, (close) => stack.defer(close));
    // Logged without the proof or its id: which check failed and why, nothing a replay could use.
    const replayStore = await createReplayStore(redisUrl, { onError: (e) => logError(`replay check failed, request refused (503): ${describeForLog(e)}`) });
    stack.defer(() => replayStore.close());
    const server = stack.use(
      await startPartnerServer({
        ...serverOptions,
        logError,
        database,
        replayStore,
        dataVersion,
        // A partner serving its own views is read-only here: it enrolls people in its own system.
        linkage: dataMode === 'tables' ? serverOptions.linkage : undefined,
        // Codings are stored beside the answers: only in tables this service migrates.
        themeCodingIntervalMs: dataMode === 'tables' ? serverOptions.themeCodingIntervalMs : 0,
      }),
    );
    return { database, server, stop: () => stack.stop() };
  });
}

/**
 * Own tables: the triggers' counter, kept in memory by a watcher on its own connection (closed
 * with the service). Own views cannot carry triggers: the partner's coalition_data_version(), else
 * a checksum over the views (docs/OWN-DATABASE.md).
 */
async function openDataVersion(
  dataSource: DataSource,
  databaseUrl: string,
  dataMode: 'tables' | 'views',
  schema: string,
  logError: (message: string) => void,
  onStop: (close: () => Promise<void>) => void,
): Promise<DataVersionService> {
  const source = await dataVersionSourceOf(dataSource, dataMode, schema);
  if (source === 'checksum') logError('no coalition_data_version() in the views schema: each dataVersion reads every row (docs/OWN-DATABASE.md)');
  if (source !== 'table') return new DataVersionService(dataSource, source);
  const watcher = await DataVersionWatcher.start(databaseUrl, { schema, logError });
  onStop(() => watcher.close());
  return new DataVersionService(dataSource, source, watcher);
}

async function readyDatabase(dataSource: DataSource, dataMode: 'tables' | 'views', schema: string): Promise<void> {
  if (dataMode === 'tables') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  // The partner's own views: never migrated, but checked, so a broken view fails at start, not mid-query.
  const problems = await checkConformance(dataSource, schema);
  if (problems.length) {
    const lines = problems.map((p) => `  ${p.relation}${p.column ? `.${p.column}` : ''}: ${p.problem}`);
    throw new Error(`schema "${schema}" does not serve the contract:\n${lines.join('\n')}`);
  }
}
