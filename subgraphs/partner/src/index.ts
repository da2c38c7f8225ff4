export { readPartnerConfig, type PartnerConfig } from './config';
export { createPartnerDataSource, partnerEntities, partnerMigrations, type PartnerDataSource, type PartnerDataSourceOptions } from './db/data-source';
export { startPartnerServer, type PartnerServer, type PartnerServerOptions } from './server';
export { openPartnerService, type PartnerService, type PartnerServiceOptions } from './service';
export { buildPartnerSchema, printPartnerSdl } from './schema';
export { Participant } from './participant/participant.entity';
export { StageEvent } from './participant/stage-event.entity';
export { Outcome } from './participant/outcome.entity';
// The data layer, for tools and white-box tests that work below GraphQL.
export { ParticipantService } from './participant/participant.service';
export { createParticipantLoaders, type ParticipantLoaders } from './participant/participant.loader';
export { AggregateService } from './network/aggregate.service';
export { IndicatorService } from './indicator/indicator.service';
export { DataQualityService } from './quality/quality.service';
// Spreadsheet import (also the coalition-import command).
export { importFile, type ImportOptions, type ImportResult } from './import/importer';
export { loadMapping, checkMapping, MappingError, type Mapping } from './import/mapping';
export { ImportError, type ImportErrorCode } from './import/errors';
export { draftMapping } from './import/draft';
export { writeReport } from './import/report';
export type { Rejection, ParticipantRecord as ImportedParticipant } from './import/validate';
// Conformance of a partner database (own tables or views) to the contract.
export { checkConformance, type ConformanceProblem } from './db/check';
// Linkage: identities become registry GSIDs; only keyed encodings leave the partner.
export { RegistryLinker, type LinkageConfig, type LinkOutcome } from './enrollment/registry-client';
export { linkImports, type ImportLinking } from './enrollment/import-linking';
export { syncLinks, scheduleLinkSync, type LinkChangeReader, type LinkSyncOptions, type LinkSyncResult, type LinkSyncSchedule } from './enrollment/link-sync';
export { readLinkageConfig } from './config';
// The data version: moves with every committed change to the partner's records.
export { readDataVersion, DATA_VERSION_CHANNEL, type DataVersionSource } from './version/data-version';
export { DataVersionWatcher, type DataVersionWatcherOptions } from './version/data-version.watcher';
export { DataVersionService } from './version/data-version.service';
// Qualitative themes: free-text answers coded here under the registry's codebooks (docs/THEMES.md).
export { ThemeCodingService, type CoderFactory, type ThemeCodingStatus } from './themes/coding.service';
