import {
  checkConformance,
  createPartnerDataSource,
  DataQualityService,
  startPartnerServer,
  type PartnerDataSource,
  type PartnerServer,
} from '@coalition/partner';
import { generateProofKeys } from '@coalition/shared/auth';
import { createTestDatabase } from '../support/database';
import { asGateway } from '../support/graphql';

const PARTNER = 'consent-partner';
const keys = generateProofKeys();
const PERIOD = { from: '2025-01-01', to: '2025-12-31', dueDays: 30, asOf: '2026-02-01' };
const ALL_DEFAULTS = { recorded: 0, identityShared: 4, recordsShared: 4, inFigures: 4, defaults: 4 };
// P1 declined identity sharing, P2 declined records sharing, P3 recorded yes to both, P4 has no row;
// P5 enrolled before the period and declined both: not counted.
const RECORDED = { recorded: 3, identityShared: 3, recordsShared: 3, inFigures: 3, defaults: 1 };

/** Views over the native tables, as a partner on its own database would provide them. */
async function createViews(dataSource: PartnerDataSource['dataSource'], schema: string, consentView?: string): Promise<void> {
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  await dataSource.query(
    `CREATE VIEW ${schema}.participant AS SELECT local_id, gsid, enrolled_on, exited_on, program_type, sex, race_ethnicity, birth_year, county_fips, cohort FROM public.participant`,
  );
  await dataSource.query(`CREATE VIEW ${schema}.stage_event AS SELECT id, participant_local_id, stage, entered_on, exited_on FROM public.stage_event`);
  await dataSource.query(
    `CREATE VIEW ${schema}.outcome AS SELECT id, participant_local_id, indicator_code, indicator_version, value_number, value_boolean, period, wave, observed_on FROM public.outcome`,
  );
  if (consentView) await dataSource.query(`CREATE VIEW ${schema}.participant_consent AS ${consentView}`);
}

async function consentOver(url: string, schema: string) {
  const views = createPartnerDataSource(url, { schema, poolSize: 1 });
  await views.dataSource.initialize();
  try {
    return {
      consent: (await new DataQualityService(views.dataSource).measure(PERIOD)).consent,
      problems: await checkConformance(views.dataSource, schema),
    };
  } finally {
    await views.dataSource.destroy();
  }
}

describe('consent coverage in data quality', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let native: PartnerDataSource;
  let server: PartnerServer;

  beforeAll(async () => {
    db = await createTestDatabase('consent');
    native = createPartnerDataSource(db.url);
    await native.dataSource.initialize();
    await native.dataSource.runMigrations({ transaction: 'each' });
    await native.dataSource.query(
      `INSERT INTO participant (local_id, enrolled_on, program_type, sex, birth_year) VALUES
         ('P1', '2025-02-01', 'TRAINING', 'FEMALE', 1990), ('P2', '2025-03-01', 'TRAINING', 'MALE', 1985),
         ('P3', '2025-04-01', 'PLACEMENT', 'FEMALE', 1999), ('P4', '2025-05-01', 'PLACEMENT', 'MALE', 1970),
         ('P5', '2023-05-01', 'PLACEMENT', 'MALE', 1970)`,
    );
    await native.dataSource.query(
      `INSERT INTO participant_consent (local_id, share_identity, share_records, in_figures, recorded_on) VALUES
         ('P1', false, true, true, '2025-02-01'), ('P2', true, false, true, '2025-03-01'), ('P3', true, true, false, '2025-04-01'),
         ('P5', false, false, false, '2023-05-01')`,
    );
    server = await startPartnerServer({ partnerId: PARTNER, partnerName: 'Consent', database: native, gatewayPublicKey: keys.publicKey });
  });

  afterAll(async () => {
    await server?.stop();
    await native?.dataSource.destroy();
    await db?.drop();
  });

  it("counts the period's recorded consents and defaults through Partner.dataQuality", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Partner {
      dataQuality(from: "${PERIOD.from}", to: "${PERIOD.to}", asOf: "${PERIOD.asOf}") { participants consent { recorded identityShared recordsShared inFigures defaults } } } } }`;
    const result = await asGateway(server.url, PARTNER, keys.privateKey, query, { r: [{ __typename: 'Partner', id: PARTNER }] });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].dataQuality).toEqual({ participants: 4, consent: RECORDED });
  });

  it('over views without participant_consent, every participant has the defaults and the check finds nothing', async () => {
    await createViews(native.dataSource, 'noconsent');
    expect(await consentOver(db.url, 'noconsent')).toEqual({ consent: ALL_DEFAULTS, problems: [] });
  });

  it('over views with participant_consent, counts it as a native database does', async () => {
    await createViews(
      native.dataSource,
      'withconsent',
      'SELECT local_id, share_identity, share_records, in_figures, recorded_on, updated_at FROM public.participant_consent',
    );
    expect(await consentOver(db.url, 'withconsent')).toEqual({ consent: RECORDED, problems: [] });
  });

  it('the check reports a participant_consent of the wrong types or missing a column', async () => {
    await createViews(
      native.dataSource,
      'badconsent',
      "SELECT local_id, CASE WHEN share_identity THEN 'Y' ELSE 'N' END AS share_identity, share_records, recorded_on FROM public.participant_consent",
    );
    const views = createPartnerDataSource(db.url, { schema: 'badconsent', poolSize: 1 });
    await views.dataSource.initialize();
    try {
      expect(await checkConformance(views.dataSource, 'badconsent')).toEqual([
        { relation: 'participant_consent', column: 'share_identity', problem: 'type text, expected boolean' },
        { relation: 'participant_consent', column: 'in_figures', problem: 'missing column' },
        { relation: 'participant_consent', column: 'updated_at', problem: 'missing column' },
      ]);
    } finally {
      await views.dataSource.destroy();
    }
  });
});
