import { DataSource } from 'typeorm';
import { SqlCounter } from '@coalition/shared/subgraph';
import { Partner } from '../partner/partner.entity';
import { Stakeholder } from '../stakeholder/stakeholder.entity';
import { StakeholderLink } from '../stakeholder/stakeholder-link.entity';
import { IndicatorDefinition } from '../indicator/indicator-definition.entity';
import { PathwayStage } from '../pathway/pathway-stage.entity';
import { PathwayDefinition } from '../pathway/pathway-definition.entity';
import { LinkDecision } from '../linkage/link-decision.entity';
import { Release } from '../release/release.entity';
import { Linkage1732000000002 } from './migrations/1732000000002-linkage';
import { NamePairKeys1732000000003 } from './migrations/1732000000003-name-pair-keys';
import { ComputableIndicators1732000000004 } from './migrations/1732000000004-computable-indicators';
import { LinkageVersion1732000000005 } from './migrations/1732000000005-linkage-version';
import { Pathways1732000000006 } from './migrations/1732000000006-pathways';
import { IndicatorKindsByModule1732000000007 } from './migrations/1732000000007-indicator-kinds-by-module';
import { LinkageVersionBeforeStatement1732000000008 } from './migrations/1732000000008-linkage-version-before-statement';
import { Releases1732000000009 } from './migrations/1732000000009-releases';
import { PartnerLifecycle1732000000010 } from './migrations/1732000000010-partner-lifecycle';
import { LinkEvidence1732000000011 } from './migrations/1732000000011-link-evidence';
import { LinkChangeFeed1732000000012 } from './migrations/1732000000012-link-change-feed';
import { FirstNameKeys1732000000013 } from './migrations/1732000000013-first-name-keys';
import { Codebooks1732000000014 } from './migrations/1732000000014-codebooks';
import { Codebook } from '../codebook/codebook.entity';
import { InitialRegistrySchema1732000000000 } from './migrations/1732000000000-initial-registry-schema';
import { ReferenceData1732000000001 } from './migrations/1732000000001-reference-data';

export const registryEntities = [Partner, Stakeholder, StakeholderLink, IndicatorDefinition, PathwayStage, PathwayDefinition, LinkDecision, Release, Codebook];
export const registryMigrations = [
  InitialRegistrySchema1732000000000,
  ReferenceData1732000000001,
  Linkage1732000000002,
  NamePairKeys1732000000003,
  ComputableIndicators1732000000004,
  LinkageVersion1732000000005,
  Pathways1732000000006,
  IndicatorKindsByModule1732000000007,
  LinkageVersionBeforeStatement1732000000008,
  Releases1732000000009,
  PartnerLifecycle1732000000010,
  LinkEvidence1732000000011,
  LinkChangeFeed1732000000012,
  FirstNameKeys1732000000013,
  Codebooks1732000000014,
];

/** The registry's database, schema managed by migrations (never `synchronize`). */
export function createRegistryDataSource(databaseUrl: string, options: { poolSize?: number; logError?: (message: string) => void } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: registryEntities,
    migrations: registryMigrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logger: new SqlCounter(options.logError),
    logging: ['query', 'error'],
    extra: { max: options.poolSize ?? 10, application_name: 'coalition-registry' },
  });
}
