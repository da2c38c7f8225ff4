import type { DataSource } from 'typeorm';
import { createReplayStore } from '@coalition/shared/auth';
import { describeForLog, StopStack } from '@coalition/shared';
import type { RunningServer } from '@coalition/shared/http';
import { createRegistryDataSource } from './db/data-source';
import { startRegistryServer, type RegistryServerOptions } from './server';

export interface RegistryServiceOptions extends Omit<RegistryServerOptions, 'dataSource' | 'replayStore'> {
  databaseUrl: string;
  poolSize?: number;
  /** Where accepted request proofs are remembered, shared by the registry's replicas (unset: this process's memory). */
  redisUrl?: string;
}

export interface RegistryService {
  dataSource: DataSource;
  server: RunningServer;
  /** Stops the server, then forgets the replay store and closes the database. */
  stop(): Promise<void>;
}

/**
 * The registry service, composed: its database opened and migrated, its replay store, its
 * GraphQL server listening. What fails half-way is closed again.
 */
export async function openRegistryService(options: RegistryServiceOptions): Promise<RegistryService> {
  const { databaseUrl, poolSize, redisUrl, ...serverOptions } = options;
  const logError = options.logError ?? ((message) => console.error(`[registry] ${message}`));
  const stack = new StopStack();
  return stack.guard(async () => {
    const dataSource = createRegistryDataSource(databaseUrl, { poolSize, logError });
    await dataSource.initialize();
    stack.defer(() => dataSource.destroy());
    await dataSource.runMigrations({ transaction: 'each' });
    // Logged without the proof or its id: which check failed and why, nothing a replay could use.
    const replayStore = await createReplayStore(redisUrl, { onError: (e) => logError(`replay check failed, request refused (503): ${describeForLog(e)}`) });
    stack.defer(() => replayStore.close());
    const server = stack.use(await startRegistryServer({ ...serverOptions, logError, dataSource, replayStore }));
    return { dataSource, server, stop: () => stack.stop() };
  });
}
