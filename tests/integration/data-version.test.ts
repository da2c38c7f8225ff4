import { Client } from 'pg';
import {
  createPartnerDataSource,
  DataVersionWatcher,
  openPartnerService,
  readDataVersion,
  type PartnerDataSource,
  type PartnerService,
} from '@coalition/partner';
import { generateProofKeys } from '@coalition/shared/auth';
import { createTestDatabase } from '../support/database';
import { asGateway } from '../support/graphql';

const PARTNER = 'northside-training';
const keys = generateProofKeys();
const DATA_VERSION = 'query V($partnerId: ID!) { dataVersion(partnerId: $partnerId) }';
const asAnalytics = (url: string, partnerId = PARTNER) => asGateway(url, PARTNER, keys.privateKey, DATA_VERSION, { partnerId }, undefined, 'analytics');
const CHANGES_SINCE = 'query C($partnerId: ID!, $version: String!) { changesSince(partnerId: $partnerId, version: $version) { records truncated version } }';
const changesSince = (url: string, version: string, partnerId = PARTNER) =>
  asGateway(url, PARTNER, keys.privateKey, CHANGES_SINCE, { partnerId, version }, undefined, 'analytics');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `read` gives `wanted` or `ms` pass; returns how long it took, or -1. */
async function waitFor(read: () => string | undefined, wanted: string, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start <= ms) {
    if (read() === wanted) return Date.now() - start;
    await sleep(5);
  }
  return -1;
}

/** Insert, update and delete one row of each versioned table, in dependency order. */
const CHANGES: Array<[table: string, statements: string[]]> = [
  [
    'participant',
    [
      `INSERT INTO participant (local_id, enrolled_on, program_type, sex) VALUES ('v1', '2025-01-01', 'TRAINING', 'FEMALE'), ('v2', '2025-01-01', 'TRAINING', 'MALE')`,
      `UPDATE participant SET exited_on = '2025-06-01' WHERE local_id = 'v1'`,
      `DELETE FROM participant WHERE local_id = 'v2'`,
    ],
  ],
  [
    'stage_event',
    [
      `INSERT INTO stage_event (participant_local_id, stage, entered_on) VALUES ('v1', 'INTAKE', '2025-01-01')`,
      `UPDATE stage_event SET exited_on = '2025-02-01' WHERE participant_local_id = 'v1'`,
      `DELETE FROM stage_event WHERE participant_local_id = 'v1'`,
    ],
  ],
  [
    'outcome',
    [
      `INSERT INTO outcome (participant_local_id, indicator_code, indicator_version, value_boolean, period, wave) VALUES ('v1', 'EMP_Q2', 1, true, 'Q2_AFTER_EXIT', 'FOLLOW_UP')`,
      `UPDATE outcome SET value_boolean = false WHERE participant_local_id = 'v1'`,
      `DELETE FROM outcome WHERE participant_local_id = 'v1'`,
    ],
  ],
  [
    'survey_answer',
    [
      `INSERT INTO survey_answer (participant_local_id, question_code, answer_text, wave) VALUES ('v1', 'GOAL', 'a job', 'INTAKE')`,
      `UPDATE survey_answer SET answer_text = 'a better job' WHERE participant_local_id = 'v1'`,
      `DELETE FROM survey_answer WHERE participant_local_id = 'v1'`,
    ],
  ],
];

describe('a partner data version (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  let other: Client;
  const version = () => readDataVersion(partner.dataSource, 'table');

  beforeAll(async () => {
    db = await createTestDatabase('data_version');
    partner = createPartnerDataSource(db.url);
    await partner.dataSource.initialize();
    await partner.dataSource.runMigrations({ transaction: 'each' });
    other = new Client({ connectionString: db.url });
    await other.connect();
  });

  afterAll(async () => {
    await other?.end();
    await partner?.dataSource.destroy();
    await db?.drop();
  });

  it('moves with every committed insert, update, delete and truncate of the four tables, and not when read', async () => {
    for (const [table, statements] of CHANGES) {
      for (const statement of statements) {
        const before = BigInt(await version());
        await partner.dataSource.query(statement);
        expect([table, BigInt(await version()) > before]).toEqual([table, true]);
      }
    }
    const before = await version();
    await partner.dataSource.query('SELECT count(*) FROM participant');
    expect(await version()).toBe(before);
    await partner.dataSource.query('TRUNCATE survey_answer');
    expect(BigInt(await version())).toBeGreaterThan(BigInt(before));
  });

  it('does not move for a rolled-back change; a statement that changes nothing moves it (statement-level triggers)', async () => {
    const before = await version();
    await other.query('BEGIN');
    await other.query(`INSERT INTO participant (local_id, enrolled_on, program_type, sex) VALUES ('rolled', '2025-01-01', 'TRAINING', 'FEMALE')`);
    await other.query('ROLLBACK');
    expect(await version()).toBe(before);
    // Counted as a change: the trigger fires per statement, whatever it touched. A spurious move only costs a cache miss.
    await partner.dataSource.query('UPDATE outcome SET wave = wave WHERE false');
    expect(BigInt(await version())).toBe(BigInt(before) + 1n);
  });

  it('two multi-statement writers crossing the same rows queue on the counter instead of deadlocking', async () => {
    await partner.dataSource.query(
      `INSERT INTO participant (local_id, enrolled_on, program_type, sex) VALUES ('x1', '2025-01-01', 'TRAINING', 'FEMALE'), ('x2', '2025-01-01', 'TRAINING', 'MALE')`,
    );
    const second = new Client({ connectionString: db.url });
    await second.connect();
    try {
      const before = BigInt(await version());
      await other.query('BEGIN');
      await other.query(`UPDATE participant SET birth_year = 1980 WHERE local_id = 'x1'`);
      await second.query('BEGIN');
      // Waits for the counter before it locks x2 (the bump runs before each statement)...
      const waiting = second.query(`UPDATE participant SET birth_year = 1981 WHERE local_id = 'x2'`).then(async () => {
        await second.query(`UPDATE participant SET birth_year = 1982 WHERE local_id = 'x1'`);
        await second.query('COMMIT');
      });
      await sleep(100);
      // ...so the first writer can still take x2: with the bump after the statement, one of the two would be aborted as a deadlock.
      await other.query(`UPDATE participant SET birth_year = 1983 WHERE local_id = 'x2'`);
      await other.query('COMMIT');
      await waiting;
      const rows = await partner.dataSource.query(`SELECT local_id, birth_year FROM participant WHERE local_id IN ('x1', 'x2') ORDER BY local_id`);
      expect(rows).toEqual([
        { local_id: 'x1', birth_year: 1982 },
        { local_id: 'x2', birth_year: 1981 },
      ]);
      expect(BigInt(await version())).toBe(before + 4n);
    } finally {
      await second.end();
    }
  });

  it('the watcher holds the version without SQL, sees another connection commit within a second, and recovers a lost connection', async () => {
    const logged: string[] = [];
    const watcher = await DataVersionWatcher.start(db.url, { schema: 'public', retryMs: 50, logError: (message) => logged.push(message) });
    try {
      expect(watcher.current()).toBe(await version());
      await other.query(`UPDATE participant SET birth_year = 1990 WHERE local_id = 'v1'`);
      const committed = await version();
      const took = await waitFor(() => watcher.current(), committed, 1000);
      expect(took).toBeGreaterThanOrEqual(0);
      // A rolled-back change notifies nothing.
      await other.query('BEGIN');
      await other.query(`UPDATE participant SET birth_year = 1991 WHERE local_id = 'v1'`);
      await other.query('ROLLBACK');
      await sleep(100);
      expect(watcher.current()).toBe(committed);

      // Its connection killed: it knows nothing (readers fall back to SQL), then reconnects and reads again.
      await other.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'coalition-partner-version' AND datname = $1`, [
        db.name,
      ]);
      await other.query(`UPDATE participant SET birth_year = 1992 WHERE local_id = 'v1'`);
      const afterLoss = await version();
      expect(await waitFor(() => watcher.current(), afterLoss, 3000)).toBeGreaterThanOrEqual(0);
      expect(logged.some((message) => message.includes('connection lost'))).toBe(true);
    } finally {
      await watcher.close();
    }
    expect(watcher.current()).toBeUndefined();
  });

  describe('through the partner service', () => {
    let service: PartnerService;

    beforeAll(async () => {
      service = await openPartnerService({ partnerId: PARTNER, partnerName: 'Northside', databaseUrl: db.url, gatewayPublicKey: keys.publicKey });
    });

    afterAll(async () => {
      await service?.stop();
    });

    it("answers the gateway's analytics service with the current version and no SQL while the watcher listens", async () => {
      await partner.dataSource.query(`UPDATE participant SET birth_year = 1993 WHERE local_id = 'v1'`);
      const current = await version();
      // The notification may trail the commit by a moment.
      await sleep(100);
      const before = service.server.sqlStatements();
      const answer = await asAnalytics(service.server.url);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.dataVersion).toBe(current);
      expect(service.server.sqlStatements() - before).toBe(0);
      // Another partner's version is not this one's to answer.
      expect((await asAnalytics(service.server.url, 'bridgeway-placement')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it("refuses a user's proof, the backbone's included", async () => {
      const answer = await asGateway(service.server.url, PARTNER, keys.privateKey, DATA_VERSION, { partnerId: PARTNER });
      expect(answer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(answer.data?.dataVersion).toBeUndefined();
    });
  });

  describe('changes since a data version (what revised a release)', () => {
    let service: PartnerService;

    beforeAll(async () => {
      service = await openPartnerService({ partnerId: PARTNER, partnerName: 'Northside', databaseUrl: db.url, gatewayPublicKey: keys.publicKey });
      await partner.dataSource.query(`INSERT INTO participant (local_id, enrolled_on, program_type, sex) VALUES ('c0', '2025-01-01', 'TRAINING', 'FEMALE')`);
      await partner.dataSource.query(
        `INSERT INTO outcome (participant_local_id, indicator_code, indicator_version, value_boolean, period, wave)
         VALUES ('c0', 'EMP_Q2', 1, true, 'Q2_AFTER_EXIT', 'FOLLOW_UP'), ('c0', 'EMP_Q4', 1, true, 'Q4_AFTER_EXIT', 'FOLLOW_UP')`,
      );
    });

    afterAll(async () => {
      await service?.stop();
    });

    it('counts the rows each committed statement changed: 3 participants inserted at once and 2 outcomes updated make 5', async () => {
      const before = await version();
      await partner.dataSource.query(
        `INSERT INTO participant (local_id, enrolled_on, program_type, sex) VALUES ('c1', '2025-01-01', 'TRAINING', 'FEMALE'), ('c2', '2025-01-01', 'TRAINING', 'MALE'), ('c3', '2025-01-01', 'TRAINING', 'MALE')`,
      );
      await partner.dataSource.query(`UPDATE outcome SET value_boolean = false WHERE participant_local_id = 'c0'`);
      const answer = await changesSince(service.server.url, before);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.changesSince).toEqual({ records: 5, truncated: false, version: await version() });
    });

    it('a rolled-back transaction adds nothing, and nothing has changed since the current version', async () => {
      const before = await version();
      await other.query('BEGIN');
      await other.query(`INSERT INTO participant (local_id, enrolled_on, program_type, sex) VALUES ('c4', '2025-01-01', 'TRAINING', 'FEMALE')`);
      await other.query(`UPDATE outcome SET value_boolean = true WHERE participant_local_id = 'c0'`);
      await other.query('ROLLBACK');
      expect((await changesSince(service.server.url, before)).data.changesSince).toEqual({ records: 0, truncated: false, version: before });
      await partner.dataSource.query(`UPDATE participant SET birth_year = 1970 WHERE local_id = 'c1'`);
      const current = await version();
      expect((await changesSince(service.server.url, current)).data.changesSince).toEqual({ records: 0, truncated: false, version: current });
    });

    it('a truncate since the version is flagged, its rows not counted (unknown)', async () => {
      const before = await version();
      await partner.dataSource.query(`UPDATE participant SET birth_year = 1971 WHERE local_id = 'c1'`);
      await partner.dataSource.query('TRUNCATE survey_answer');
      expect((await changesSince(service.server.url, before)).data.changesSince).toEqual({ records: 1, truncated: true, version: await version() });
    });

    it('refuses a version that is not a non-negative integer, naming the argument', async () => {
      for (const bad of ['-1', 'abc', '1.5', '', ' 1', '99999999999999999999']) {
        const answer = await changesSince(service.server.url, bad);
        expect([bad, answer.errors?.[0].extensions?.code, answer.errors?.[0].extensions?.field]).toEqual([bad, 'BAD_USER_INPUT', 'version']);
      }
    });

    it("answers only this partner, and only the gateway's own services", async () => {
      expect((await changesSince(service.server.url, '1', 'bridgeway-placement')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const asUser = await asGateway(service.server.url, PARTNER, keys.privateKey, CHANGES_SINCE, { partnerId: PARTNER, version: '1' });
      expect(asUser.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('in views mode (no triggers on views)', () => {
    let service: PartnerService;
    const views = async (schema: string) => {
      await partner.dataSource.query(`CREATE SCHEMA ${schema}`);
      for (const relation of ['participant', 'stage_event', 'outcome']) {
        await partner.dataSource.query(`CREATE VIEW ${schema}.${relation} AS SELECT * FROM public.${relation}`);
      }
    };
    const open = (schema: string) =>
      openPartnerService({
        partnerId: PARTNER,
        partnerName: 'Northside',
        databaseUrl: db.url,
        schema,
        dataMode: 'views',
        gatewayPublicKey: keys.publicKey,
        logError: () => {},
      });

    afterEach(async () => {
      await service?.stop();
    });

    it('without a provided function: a checksum over the views that moves with the data', async () => {
      await views('checksummed');
      service = await open('checksummed');
      const first = (await asAnalytics(service.server.url)).data.dataVersion;
      expect(first).toMatch(/^checksum:/);
      expect((await asAnalytics(service.server.url)).data.dataVersion).toBe(first);
      await partner.dataSource.query(`UPDATE participant SET birth_year = 1994 WHERE local_id = 'v1'`);
      expect((await asAnalytics(service.server.url)).data.dataVersion).not.toBe(first);
    });

    it("with the partner's coalition_data_version(): its answer, one statement", async () => {
      await views('provided');
      await partner.dataSource.query(`CREATE FUNCTION provided.coalition_data_version() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'legacy-42' $$`);
      service = await open('provided');
      const before = service.server.sqlStatements();
      expect((await asAnalytics(service.server.url)).data.dataVersion).toBe('legacy-42');
      expect(service.server.sqlStatements() - before).toBe(1);
    });

    it('changesSince: no change log behind views, so records are unknown (null)', async () => {
      await views('unlogged');
      service = await open('unlogged');
      const answer = await changesSince(service.server.url, '1');
      expect(answer.errors).toBeUndefined();
      expect(answer.data.changesSince).toEqual({ records: null, truncated: false, version: expect.stringMatching(/^checksum:/) });
    });

    it('answers no theme question: free-text answers are coded only where this service has tables, and it says so', async () => {
      await views('uncoded');
      service = await open('uncoded');
      const share = await asGateway(
        service.server.url,
        PARTNER,
        keys.privateKey,
        `query S($partnerId: ID!, $spec: JSONObject!, $periods: [JSONObject!]!) { indicatorShare(partnerId: $partnerId, kind: "RATE", spec: $spec, periods: $periods, by: [], shared: []) { cells { people } } }`,
        {
          partnerId: PARTNER,
          spec: {
            count: 'PEOPLE',
            anchor: 'EXIT',
            population: [{ answer: { codebook: 'WORKFORCE_BARRIERS', version: 1, wave: 'EXIT' } }],
            numerator: [],
            dimensions: ['SEX'],
            periods: ['PROGRAM_YEAR'],
          },
          periods: [{ kind: 'dates', from: '2024-07-01', before: '2025-07-01' }],
        },
        undefined,
        'analytics',
      );
      expect(share.errors?.[0]?.extensions).toMatchObject({ code: 'PARTNER_UNAVAILABLE', reason: expect.stringMatching(/own views/) });
    });

    it('a provided function of the wrong type fails the conformance check at start', async () => {
      await views('wrongly');
      await partner.dataSource.query(`CREATE FUNCTION wrongly.coalition_data_version() RETURNS integer LANGUAGE sql AS $$ SELECT 42 $$`);
      await expect(open('wrongly')).rejects.toThrow(/coalition_data_version\(\): returns integer, expected text/);
    });
  });
});
