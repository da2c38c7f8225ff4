export { readRegistryConfig, type RegistryConfig } from './config';
export { createRegistryDataSource, registryEntities, registryMigrations } from './db/data-source';
export { startRegistryServer, type RegistryServerOptions } from './server';
export { buildRegistrySchema, printRegistrySdl } from './schema';
export { createRegistryServices, type RegistryServices } from './context';
export type { NewLink } from './stakeholder/stakeholder.service';
export type { PartnerStatus } from './partner/partner.entity';
export { NETWORK_ID } from './network/network.resolver';
