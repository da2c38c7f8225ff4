export { generateCoalition, DEMO_PARTNERS, AS_OF, type DemoCoalition, type PartnerSpec, type PartnerData, type PersonTruth } from './generate';
export { startCoalition, type Coalition, type CoalitionOptions, type RunningPartner } from './coalition';
export { resolvePostgres, startEmbeddedPostgres, ensureDatabase, dropDatabase, databaseUrl, waitForPostgres, type PostgresServer } from './postgres';
export { seedPartner, seedRegistry } from './seed';
export { sampleQueries, samplePerson } from './samples';
