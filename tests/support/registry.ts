import { createRegistryDataSource, createRegistryServices, type RegistryServices } from '@coalition/registry';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from './database';

export interface TestRegistry {
  dataSource: DataSource;
  services: RegistryServices;
  close(): Promise<void>;
}

/** A registry on a fresh database of its own, migrated, with the given partners registered (linkage tests call it directly, no HTTP). */
export async function startTestRegistry(label: string, partners: readonly string[]): Promise<TestRegistry> {
  const database = await createTestDatabase(label);
  const dataSource = createRegistryDataSource(database.url);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const services = createRegistryServices(dataSource);
  for (const id of partners)
    await services.partners.upsert({ id, name: id, programType: 'TRAINING', endpoint: 'http://127.0.0.1:1/graphql', status: 'ACTIVE' });
  return {
    dataSource,
    services,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
