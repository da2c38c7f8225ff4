import { DataSource } from 'typeorm';
import { Participant } from '../participant/participant.entity';
import { StageEvent } from '../participant/stage-event.entity';
import { Outcome } from '../participant/outcome.entity';
import { InitialPartnerSchema1732000000000 } from './migrations/1732000000000-initial-partner-schema';
import { IdentityAndNaturalKeys1732100000000 } from './migrations/1732100000000-identity-and-natural-keys';
import { SurveyAnswers1732200000000 } from './migrations/1732200000000-survey-answers';
import { OutcomeIndicatorIndex1732300000000 } from './migrations/1732300000000-outcome-indicator-index';
import { DataVersion1732400000000 } from './migrations/1732400000000-data-version';
import { DataChangeLog1732500000000 } from './migrations/1732500000000-data-change-log';
import { Consent1732600000000 } from './migrations/1732600000000-consent';
import { LinkSyncState1732700000000 } from './migrations/1732700000000-link-sync-state';
import { ThemeCodings1732800000000 } from './migrations/1732800000000-theme-codings';
import { SqlCounter } from '@coalition/shared/subgraph';

export const partnerEntities = [Participant, StageEvent, Outcome];
export const partnerMigrations = [
  InitialPartnerSchema1732000000000,
  IdentityAndNaturalKeys1732100000000,
  SurveyAnswers1732200000000,
  OutcomeIndicatorIndex1732300000000,
  DataVersion1732400000000,
  DataChangeLog1732500000000,
  Consent1732600000000,
  LinkSyncState1732700000000,
  ThemeCodings1732800000000,
];

export interface PartnerDataSource {
  dataSource: DataSource;
  sql: SqlCounter;
}

export interface PartnerDataSourceOptions {
  poolSize?: number;
  logError?: (message: string) => void;
  /**
   * The schema holding participant, stage_event and outcome (default public). A partner with
   * its own database points this at a schema of views that follow the contract
   * (docs/OWN-DATABASE.md); unqualified names in every statement resolve there.
   */
  schema?: string;
}

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A partner's database, schema managed by migrations (never `synchronize`). */
export function createPartnerDataSource(databaseUrl: string, options: PartnerDataSourceOptions = {}): PartnerDataSource {
  const sql = new SqlCounter(options.logError);
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}": lower-case letters, digits and _ only`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: partnerEntities,
    migrations: partnerMigrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logger: sql,
    logging: ['query', 'error'],
    extra: { max: options.poolSize ?? 10, application_name: 'coalition-partner', options: `-c search_path=${schema}` },
  });
  return { dataSource, sql };
}
