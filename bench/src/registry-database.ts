import { createRegistryDataSource, createRegistryServices, type RegistryServices } from '@coalition/registry';
import { databaseUrl, dropDatabase, ensureDatabase } from '@coalition/demo';

export interface BenchRegistry {
  url: string;
  dataSource: ReturnType<typeof createRegistryDataSource>;
  services: RegistryServices;
  /** closes the connections and drops the database */
  close(): Promise<void>;
}

/**
 * A registry on a database of its own (so concurrent runs never share links), migrated, with the
 * partners registered. The database is dropped by close(), or at once if setting it up fails.
 */
export async function openBenchRegistry(adminUrl: string, name: string, partners: readonly string[]): Promise<BenchRegistry> {
  await ensureDatabase(adminUrl, name);
  const url = databaseUrl(adminUrl, name);
  const dataSource = createRegistryDataSource(url, { poolSize: 2 });
  const close = async () => {
    await dataSource.destroy().catch(() => undefined);
    await dropDatabase(adminUrl, name);
  };
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const services = createRegistryServices(dataSource);
    for (const id of partners)
      await services.partners.upsert({ id, name: id, programType: 'TRAINING', endpoint: 'http://127.0.0.1:1/graphql', status: 'ACTIVE' });
    return { url, dataSource, services, close };
  } catch (error) {
    await close();
    throw error;
  }
}
