import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConformance, createPartnerDataSource, startPartnerServer, type PartnerDataSource, type PartnerServer } from '@coalition/partner';
import { generateCoalition, seedPartner, type PartnerData } from '@coalition/demo';
import { createTestDatabase } from '../support/database';
import { asGateway } from '../support/graphql';
import { generateProofKeys } from '@coalition/shared/auth';

const PARTNER = 'bridgeway-placement';
const keys = generateProofKeys();
const gw = (url: string, query: string, variables?: Record<string, unknown>) => asGateway(url, PARTNER, keys.privateKey, query, variables);
/** As the gateway's analytics service asks (the internal protocol). */
const asAnalytics = (url: string, query: string, variables?: Record<string, unknown>) =>
  asGateway(url, PARTNER, keys.privateKey, query, variables, undefined, 'analytics');
const RACE_CODES: Record<string, string> = {
  AMERICAN_INDIAN_ALASKA_NATIVE: 'I',
  ASIAN: 'A',
  BLACK_AFRICAN_AMERICAN: 'B',
  HISPANIC_LATINO: 'H',
  MIDDLE_EASTERN_NORTH_AFRICAN: 'M',
  NATIVE_HAWAIIAN_PACIFIC_ISLANDER: 'P',
  WHITE: 'W',
};

/** The same records as the native partner holds, written the way the legacy agency keeps them. */
async function loadLegacy(dataSource: PartnerDataSource['dataSource'], data: PartnerData): Promise<void> {
  await dataSource.query(readFileSync(join(__dirname, '..', '..', 'subgraphs', 'partner', 'examples', 'legacy-schema.sql'), 'utf8'));
  const clientNo = (localId: string) => Number(localId.slice(2));
  const counties = [...new Set(data.participants.map((p) => p.county_fips).filter((c): c is string => c !== null))];
  await dataSource.query(`INSERT INTO county_lookup SELECT 'County ' || f, f FROM unnest($1::text[]) AS f`, [counties]);
  await dataSource.query(
    `INSERT INTO clients SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(client_no int, gender char(1), race_codes varchar, dob date,
       county_name varchar, program varchar, intake_date date, exit_date date, gsid varchar)`,
    [
      JSON.stringify(
        data.participants.map((p) => ({
          client_no: clientNo(p.local_id),
          gender: { FEMALE: 'F', MALE: 'M', NOT_SELF_IDENTIFIED: 'U' }[p.sex],
          race_codes: p.race_ethnicity
            .map((r) => RACE_CODES[r])
            .reverse()
            .join(','),
          dob: p.birth_year ? `${p.birth_year}-06-15` : null,
          county_name: p.county_fips ? `County ${p.county_fips}` : null,
          program: 'JOBPLACE',
          intake_date: p.enrolled_on,
          exit_date: p.exited_on,
          gsid: p.gsid,
        })),
      ),
    ],
  );
  // The demo generator gives no names: the agency's contact rows only need to be there.
  await dataSource.query(`INSERT INTO client_contacts (client_no, first_name, last_name) SELECT client_no, 'Client', 'No ' || client_no FROM clients`);
  await dataSource.query(
    `INSERT INTO enrollments (client_no, step, started, ended) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(client_no int, step varchar, started date, ended date)`,
    [
      JSON.stringify(
        data.stageEvents.map((e) => ({
          client_no: clientNo(e.participant_local_id),
          step: e.stage === 'INTAKE' ? 'ORIENTATION' : 'HIRED',
          started: e.entered_on,
          ended: e.exited_on,
        })),
      ),
    ],
  );
  const earnings = new Map(data.outcomes.filter((o) => o.indicator_code === 'EARN_Q2').map((o) => [o.participant_local_id, o.value_number]));
  await dataSource.query(
    `INSERT INTO employment_checks (client_no, quarter_after_exit, employed, quarterly_wages, checked_on)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(client_no int, quarter_after_exit smallint, employed char(1), quarterly_wages numeric, checked_on date)`,
    [
      JSON.stringify(
        data.outcomes
          .filter((o) => o.indicator_code.startsWith('EMP_'))
          .map((o) => ({
            client_no: clientNo(o.participant_local_id),
            quarter_after_exit: o.indicator_code === 'EMP_Q2' ? 2 : 4,
            employed: o.value_boolean ? 'Y' : 'N',
            quarterly_wages: o.indicator_code === 'EMP_Q2' ? (earnings.get(o.participant_local_id) ?? null) : null,
            checked_on: o.observed_on,
          })),
      ),
    ],
  );
}

describe('a partner on its own database, through views', () => {
  let nativeDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let legacyDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let native: PartnerDataSource;
  let legacy: PartnerDataSource;
  let nativeServer: PartnerServer;
  let legacyServer: PartnerServer;

  beforeAll(async () => {
    const data = generateCoalition({ seed: 5, people: 300 }).data.get(PARTNER)!;
    nativeDb = await createTestDatabase('native');
    legacyDb = await createTestDatabase('legacy');
    native = createPartnerDataSource(nativeDb.url);
    await native.dataSource.initialize();
    await native.dataSource.runMigrations({ transaction: 'each' });
    await seedPartner(native.dataSource, data);
    const loader = createPartnerDataSource(legacyDb.url);
    await loader.dataSource.initialize();
    await loadLegacy(loader.dataSource, data);
    await loader.dataSource.destroy();
    legacy = createPartnerDataSource(legacyDb.url, { schema: 'coalition' });
    await legacy.dataSource.initialize();
    nativeServer = await startPartnerServer({ partnerId: PARTNER, partnerName: 'native', database: native, gatewayPublicKey: keys.publicKey });
    legacyServer = await startPartnerServer({ partnerId: PARTNER, partnerName: 'legacy', database: legacy, gatewayPublicKey: keys.publicKey });
  });

  afterAll(async () => {
    await nativeServer?.stop();
    await legacyServer?.stop();
    await native?.dataSource.destroy();
    await legacy?.dataSource.destroy();
    await nativeDb?.drop();
    await legacyDb?.drop();
  });

  it('the legacy views pass the check; the bare legacy tables do not', async () => {
    expect(await checkConformance(legacy.dataSource, 'coalition')).toEqual([]);
    expect(await checkConformance(native.dataSource, 'public')).toEqual([]);
    const bare = await checkConformance(legacy.dataSource, 'public');
    expect(bare.map((p) => p.problem)).toEqual([
      'no table or view "public.participant"',
      'no table or view "public.stage_event"',
      'no table or view "public.outcome"',
    ]);
  });

  it('the check names codes outside the code lists, and its command exits 1 (0 when fixed)', async () => {
    const cli = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'db', 'check-cli.js');
    const run = () => spawnSync(process.execPath, [cli, '--schema', 'coalition'], { env: { ...process.env, DATABASE_URL: legacyDb.url }, encoding: 'utf8' });
    expect(run().status).toBe(0);
    await legacy.dataSource.query(`INSERT INTO public.clients (client_no, program, intake_date) VALUES (99999, 'WALKIN', '2025-01-01')`);
    try {
      expect(await checkConformance(legacy.dataSource, 'coalition')).toEqual([
        { relation: 'participant', column: 'program_type', problem: 'codes outside the ProgramType code list, e.g. null' },
      ]);
      const result = run();
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('participant.program_type: codes outside the ProgramType code list');
    } finally {
      await legacy.dataSource.query('DELETE FROM public.clients WHERE client_no = 99999');
    }
  });

  it('reports type problems and code-list problems of the same relation in one run', async () => {
    await legacy.dataSource.query(`CREATE SCHEMA mixed`);
    await legacy.dataSource.query(`
      CREATE VIEW mixed.participant AS
        SELECT local_id, gsid, enrolled_on, exited_on, program_type,
               CASE WHEN local_id = (SELECT min(local_id) FROM coalition.participant) THEN 'X' ELSE sex END AS sex,
               race_ethnicity, birth_year::text AS birth_year, county_fips, cohort
        FROM coalition.participant`);
    await legacy.dataSource.query(`CREATE VIEW mixed.stage_event AS SELECT * FROM coalition.stage_event`);
    await legacy.dataSource.query(`CREATE VIEW mixed.outcome AS SELECT * FROM coalition.outcome`);
    const mixed = createPartnerDataSource(legacyDb.url, { schema: 'mixed' });
    await mixed.dataSource.initialize();
    try {
      expect(await checkConformance(mixed.dataSource, 'mixed')).toEqual([
        { relation: 'participant', column: 'birth_year', problem: 'type text, expected integer' },
        { relation: 'participant', column: 'sex', problem: 'codes outside the Sex code list, e.g. "X"' },
      ]);
    } finally {
      await mixed.dataSource.destroy();
      await legacy.dataSource.query('DROP SCHEMA mixed CASCADE');
    }
  });

  it('answers the same network counts as a native partner', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Network {
      all: participantCount(by: [SEX, RACE_GROUP, AGE_BAND, COUNTY]) { total cells { key count } }
      placed: participantCount(by: [COHORT], filter: { reachedStage: PLACEMENT }) { total cells { key count } } } } }`;
    const variables = { r: [{ __typename: 'Network', id: 'network' }] };
    const [a, b] = await Promise.all([gw(nativeServer.url, query, variables), gw(legacyServer.url, query, variables)]);
    expect(a.errors).toBeUndefined();
    expect(b).toEqual(a);
    expect(a.data._entities[0].all.total).toBeGreaterThan(100);
  });

  it('computes the same indicator cells over its views as a native partner', async () => {
    const query = `query($kind: String!, $spec: JSONObject!, $period: JSONObject!) {
      indicatorCells(partnerId: "${PARTNER}", kind: $kind, spec: $spec, period: $period, by: [SEX, AGE_BAND]) { cells { key people numerator sum sortedValues } } }`;
    const rate = {
      kind: 'RATE',
      spec: {
        count: 'PEOPLE',
        anchor: 'EXIT',
        dimensions: ['SEX', 'AGE_BAND'],
        periods: ['DATE_RANGE'],
        population: [{ exited: true }, { outcome: { indicator: 'EMP_Q2', period: 'Q2_AFTER_EXIT' } }],
        numerator: [{ outcome: { indicator: 'EMP_Q2', period: 'Q2_AFTER_EXIT', equals: true } }],
      },
    };
    const median = {
      kind: 'MEDIAN',
      spec: {
        count: 'RECORDS',
        anchor: 'EXIT',
        dimensions: ['SEX', 'AGE_BAND'],
        periods: ['DATE_RANGE'],
        population: [],
        value: { indicator: 'EARN_Q2', period: 'Q2_AFTER_EXIT' },
      },
    };
    for (const { kind, spec } of [rate, median]) {
      const variables = { kind, spec, period: { kind: 'dates', from: '2024-01-01', before: '2026-01-01' } };
      const [a, b] = await Promise.all([asAnalytics(nativeServer.url, query, variables), asAnalytics(legacyServer.url, query, variables)]);
      expect(a.errors).toBeUndefined();
      expect(b).toEqual(a);
      expect(a.data.indicatorCells.cells.length).toBeGreaterThan(1);
    }
  });

  it('answers the same person-level records as a native partner', async () => {
    const query = `{ participants(partnerId: "${PARTNER}", first: 500) { nodes { localId gsid enrolledOn exitedOn programType sex raceEthnicity raceGroup ageBand countyFips cohort
      stageEvents { stage enteredOn exitedOn } outcomes { indicatorCode indicatorVersion valueNumber valueBoolean period wave observedOn } } } }`;
    const normalize = (result: any) =>
      result.data.participants.nodes.map((n: any) => ({
        ...n,
        outcomes: [...n.outcomes].sort((x: any, y: any) => `${x.indicatorCode}${x.period}`.localeCompare(`${y.indicatorCode}${y.period}`)),
      }));
    const [a, b] = await Promise.all([gw(nativeServer.url, query), gw(legacyServer.url, query)]);
    expect(b.errors).toBeUndefined();
    expect(normalize(b)).toEqual(normalize(a));
  });

  it('measures data quality over views too, leaving out what views cannot tell', async () => {
    const query = `{ participants(partnerId: "${PARTNER}", first: 1) { nodes { localId } } }`;
    expect((await gw(legacyServer.url, query)).errors).toBeUndefined();
    const quality = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { dataQuality(from: "2024-01-01", to: "2026-12-31", asOf: "2026-11-22") {
      participants completeness { field present missing refused } timeliness { days count } validity { violations } duplicateGroups outliers { indicatorCode outliers } latestEntryAt } } } }`;
    const variables = { r: [{ __typename: 'Partner', id: PARTNER }] };
    const [a, b] = await Promise.all([gw(nativeServer.url, quality, variables), gw(legacyServer.url, quality, variables)]);
    expect(b.errors).toBeUndefined();
    const [fromNative, fromViews] = [a.data._entities[0].dataQuality, b.data._entities[0].dataQuality];
    expect(fromViews.timeliness).toEqual([]);
    expect(fromViews.latestEntryAt).toBeNull();
    expect(fromNative.timeliness.length).toBe(5);
    const { timeliness: _t1, latestEntryAt: _l1, ...nativeRest } = fromNative;
    const { timeliness: _t2, latestEntryAt: _l2, ...viewsRest } = fromViews;
    expect(viewsRest).toEqual(nativeRest);
  });
});
