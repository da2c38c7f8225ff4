import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { composeSupergraph, startGateway, type GatewayServer } from '@coalition/gateway';
import { DEMO_USER_AUTH, databaseUrl } from '@coalition/demo';
import { asGateway, graphql, tokens } from '../support/graphql';
import { partnerSqlCounts, sqlDelta, startTestCoalition } from '../support/coalition';
import { databaseOf } from '../support/database-outage';
import { testServerUrl } from '../support/database';
import { testRedisUrl } from '../support/redis';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const FIGURE = 'people value suppressed suppression';
const QUERY = `query Indicator($code: String!, $period: IndicatorPeriod!, $by: [Dimension!]) {
  networkIndicator(code: $code, period: $period, by: $by) {
    code version dimensions disclosureControl { applied minimumCellSize cubeDimensions }
    total { key current { ${FIGURE} } } cells { key current { ${FIGURE} } } margins { dimensions cells { key current { ${FIGURE} } } }
    coverage { partnersAsked partnersAnswered missing { partnerId reason } }
  }
}`;
const FUNNEL = `query Funnel($by: [Dimension!]) { pathwayFunnel(code: "WORKFORCE", cohort: { programYear: 2024 }, by: $by, release: "LIVE") {
  people disclosureControl { applied minimumCellSize }
  total { key stages { stage people suppressed } } cells { key stages { stage people suppressed } }
  coverage { partnersAsked partnersAnswered missing { partnerId reason } peopleAtMissingPartners peopleSeenInPart }
} }`;
const EXITERS = { code: 'EXITERS', period: { programYear: 2024 }, by: ['PARTNER', 'SEX'] };
const PROTECTED = { code: 'EXITERS', period: { programYear: 2024 }, by: ['PARTNER', 'SEX', 'RACE_GROUP'] };
const CHANGED = 'northside-training';
const UNCHANGED = ['bridgeway-placement', 'steadypath-coaching'];
const WHOLE = { partnersAsked: 3, partnersAnswered: 3, missing: [] };

/** Counts of a gateway's answer cache, by level (partner, published), as its GET /metrics shows them to an operator. */
async function cacheCounts(gateway: GatewayServer): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const counts: Record<string, number> = {};
  for (const [, outcome, level, value] of text.matchAll(/^cg_answer_cache_(hits|misses)_total\{level="(\w+)"\} (\d+)$/gm)) {
    counts[`${level} ${outcome}`] = Number(value);
  }
  return counts;
}

const grew = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([name, value]) => [name, value - (before[name] ?? 0)])
      .filter(([, change]) => change !== 0),
  );

const zeroes = (coalition: TestCoalition) => Object.fromEntries([...coalition.partners.keys()].map((id) => [id, 0]));

describe('the answer cache (gateway, registry, three partners, real HTTP)', () => {
  let coalition: TestCoalition;
  let changed: Client;
  /** A gateway of this coalition with an in-memory answer cache (the demo's own keeps none). */
  let gateway: GatewayServer;
  const gateways: GatewayServer[] = [];

  /** Another gateway of the coalition, with its answer cache as told. */
  const startCachingGateway = async (cache: { answerCacheMb: number; redisUrl?: string; answerCacheKeyPrefix?: string }) => {
    const started = await startGateway({
      supergraphSdl: await composeSupergraph(),
      registryUrl: coalition.registry.url,
      partnerTimeoutMs: 2_000,
      directoryRefreshMs: 60_000,
      auth: DEMO_USER_AUTH,
      signingKey: coalition.proofKeys.privateKey,
      log: () => undefined,
      fundersSeeLive: true,
      ...cache,
    });
    gateways.push(started);
    return started;
  };

  beforeAll(async () => {
    // Funders may read live figures here (FUNDER_LIVE_FIGURES): it is live answers that are kept.
    coalition = await startTestCoalition('answer_cache', { gateway: { fundersSeeLive: true } });
    gateway = await startCachingGateway({ answerCacheMb: 16 });
    changed = new Client({ connectionString: databaseUrl(testServerUrl(), await databaseOf(coalition.partners.get(CHANGED)!.database.dataSource)) });
    await changed.connect();
  });

  afterAll(async () => {
    await changed?.end();
    for (const started of gateways) await started.stop();
    await coalition?.dispose();
  });

  const ask = (gateway: GatewayServer, variables: Record<string, unknown>, token?: string) =>
    graphql(gateway.url, QUERY, variables, token === undefined ? {} : { token });

  /** What the partner itself answers as its data version (the internal field, asked as the gateway's analytics service). */
  const dataVersion = async (partnerId: string): Promise<string> => {
    const partner = coalition.partners.get(partnerId)!;
    const analytics = { subject: 'coalition-gateway:analytics', role: 'backbone_analyst' as const };
    const result = await asGateway(
      partner.server!.url,
      partnerId,
      coalition.proofKeys.privateKey,
      'query($p: ID!) { dataVersion(partnerId: $p) }',
      { p: partnerId },
      analytics,
      'analytics',
    );
    expect(result.errors).toBeUndefined();
    return result.data.dataVersion;
  };

  it('an unchanged coalition answers from the cache: zero partner SQL statements, the same answer and coverage', async () => {
    const before = partnerSqlCounts(coalition);
    const first = await ask(gateway, EXITERS);
    expect(first.errors).toBeUndefined();
    for (const [partnerId, statements] of Object.entries(sqlDelta(coalition, before)))
      expect({ partnerId, statements: statements > 0 }).toEqual({ partnerId, statements: true });

    const counted = await cacheCounts(gateway);
    const again = partnerSqlCounts(coalition);
    const second = await ask(gateway, EXITERS);
    expect(sqlDelta(coalition, again)).toEqual(zeroes(coalition));
    expect(second).toEqual(first);
    expect(second.data.networkIndicator.coverage).toEqual(WHOLE);
    expect(second.extensions?.coverage).toEqual(WHOLE);
    expect(grew(await cacheCounts(gateway), counted)).toEqual({ 'published hits': 1 });
  });

  it('a record changed at one partner shows in the very next answer, and only that partner runs statements', async () => {
    const before = (await ask(gateway, EXITERS)).data.networkIndicator;
    // Someone who left a program at this partner in program year 2024 and was served nowhere else.
    const alone = coalition.demo.people.filter((p) => p.records.length === 1 && p.records[0].partnerId === CHANGED).map((p) => p.gsid);
    const { rows } = await changed.query<{ local_id: string; sex: string }>(
      `SELECT local_id, sex FROM participant WHERE gsid = ANY($1) AND exited_on >= DATE '2024-07-01' AND exited_on < DATE '2025-07-01' ORDER BY local_id LIMIT 1`,
      [alone],
    );
    expect(rows).toHaveLength(1);
    const version = await dataVersion(CHANGED);
    const untouched = await Promise.all(UNCHANGED.map(dataVersion));
    await changed.query('UPDATE participant SET exited_on = NULL WHERE local_id = $1', [rows[0].local_id]);
    // The partner's own answer moves once its watcher has the commit's notification.
    for (let waited = 0; (await dataVersion(CHANGED)) === version; waited += 10) {
      expect(waited).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await Promise.all(UNCHANGED.map(dataVersion))).toEqual(untouched);

    const statements = partnerSqlCounts(coalition);
    const after = await ask(gateway, EXITERS);
    expect(after.errors).toBeUndefined();
    const delta = sqlDelta(coalition, statements);
    expect(delta[CHANGED]).toBeGreaterThan(0);
    expect({ ...delta, [CHANGED]: 0 }).toEqual(zeroes(coalition));
    const figure = after.data.networkIndicator;
    const cell = `PARTNER=${CHANGED}|SEX=${rows[0].sex}`;
    const people = (answer: any, key: string) => answer.cells.find((c: any) => c.key === key)?.current.people ?? 0;
    expect(people(figure, cell)).toBe(people(before, cell) - 1);
    expect(figure.total.current.people).toBe(before.total.current.people - 1);
    for (const other of before.cells.filter((c: any) => !c.key.startsWith(`PARTNER=${CHANGED}|`))) expect(people(figure, other.key)).toBe(other.current.people);
    expect(figure.coverage).toEqual(WHOLE);
  });

  it('a funder and a backbone analyst do not share an entry; two funders with the same portfolio do', async () => {
    const funnel = (token?: string) => graphql(gateway.url, FUNNEL, { by: ['PARTNER'] }, token === undefined ? {} : { token });
    // The total counts too: a funnel withheld whole (on this small population it may be) lists only its hidden total.
    const suppressed = (answer: any) => [answer.total, ...answer.cells].filter((c: any) => c.stages.some((s: any) => s.suppressed)).length;
    const backbone = await funnel();
    expect(backbone.errors).toBeUndefined();
    const counted = await cacheCounts(gateway);
    const funder = await funnel(tokens.funder('ALL', 'funder-one'));
    expect(funder.errors).toBeUndefined();
    expect(grew(await cacheCounts(gateway), counted)['published misses']).toBe(1);
    // The backbone's figures as computed; the funder's over the protected cube, small cells suppressed.
    expect(backbone.data.pathwayFunnel.disclosureControl.applied).toBe(false);
    expect(suppressed(backbone.data.pathwayFunnel)).toBe(0);
    expect(funder.data.pathwayFunnel.disclosureControl).toEqual({ applied: true, minimumCellSize: 11 });
    expect(suppressed(funder.data.pathwayFunnel)).toBeGreaterThan(0);

    const statements = partnerSqlCounts(coalition);
    const other = await funnel(tokens.funder('ALL', 'funder-two'));
    expect(sqlDelta(coalition, statements)).toEqual(zeroes(coalition));
    expect(other).toEqual(funder);
  });

  it('network indicators: partner staff get their own entry, with their own partner drill-down and suppression', async () => {
    const backbone = await ask(gateway, PROTECTED);
    const staff = await ask(gateway, PROTECTED, tokens.staff(CHANGED));
    expect(staff.errors).toBeUndefined();
    expect(backbone.data.networkIndicator.disclosureControl.applied).toBe(false);
    expect(staff.data.networkIndicator.disclosureControl.applied).toBe(true);
    const partnerCells = staff.data.networkIndicator.cells.filter((c: any) => c.key.startsWith('PARTNER='));
    expect(partnerCells.length).toBeGreaterThan(0);
    expect(partnerCells.every((c: any) => c.key.startsWith(`PARTNER=${CHANGED}|`))).toBe(true);
    const statements = partnerSqlCounts(coalition);
    expect(await ask(gateway, PROTECTED, tokens.staff(CHANGED, 'another-staff-member'))).toEqual(staff);
    expect(sqlDelta(coalition, statements)).toEqual(zeroes(coalition));
  });

  it('pathway funnels are kept too, with their coverage', async () => {
    const first = await graphql(gateway.url, FUNNEL, { by: ['SEX'] });
    expect(first.errors).toBeUndefined();
    const statements = partnerSqlCounts(coalition);
    const second = await graphql(gateway.url, FUNNEL, { by: ['SEX'] });
    expect(sqlDelta(coalition, statements)).toEqual(zeroes(coalition));
    expect(second).toEqual(first);
    expect(second.data.pathwayFunnel.coverage).toEqual({ ...WHOLE, peopleAtMissingPartners: 0, peopleSeenInPart: 0 });
  });

  it('questions asked together share one data-version request per partner', async () => {
    // All three were answered at the current versions above: only the versions are asked.
    const query = `query Together($exiters: [Dimension!], $protected: [Dimension!], $funnel: [Dimension!]) {
      a: networkIndicator(code: "EXITERS", period: { programYear: 2024 }, by: $exiters) { total { current { people } } }
      b: networkIndicator(code: "EXITERS", period: { programYear: 2024 }, by: $protected) { total { current { people } } }
      c: pathwayFunnel(code: "WORKFORCE", cohort: { programYear: 2024 }, by: $funnel) { people }
    }`;
    const requests = () => new Map([...coalition.partners].map(([id, p]) => [id, p.server!.requestCount()]));
    const [before, statements, counted] = [requests(), partnerSqlCounts(coalition), await cacheCounts(gateway)];
    const result = await graphql(gateway.url, query, { exiters: EXITERS.by, protected: PROTECTED.by, funnel: ['SEX'] });
    expect(result.errors).toBeUndefined();
    expect(Object.fromEntries([...requests()].map(([id, n]) => [id, n - before.get(id)!]))).toEqual(
      Object.fromEntries([...coalition.partners.keys()].map((id) => [id, 1])),
    );
    expect(sqlDelta(coalition, statements)).toEqual(zeroes(coalition));
    expect(grew(await cacheCounts(gateway), counted)).toEqual({ 'published hits': 3 });
    expect(result.extensions?.coverage).toEqual(WHOLE);
  });

  it('with ANSWER_CACHE_MB=0 (answerCacheMb: 0) a gateway keeps nothing: partners are asked every time', async () => {
    const uncached = await startCachingGateway({ answerCacheMb: 0 });
    const counted = await cacheCounts(uncached);
    for (let i = 0; i < 2; i++) {
      const statements = partnerSqlCounts(coalition);
      expect((await ask(uncached, EXITERS)).errors).toBeUndefined();
      expect(Object.values(sqlDelta(coalition, statements)).every((n) => n > 0)).toBe(true);
    }
    expect(await cacheCounts(uncached)).toEqual(counted);
  });

  it('gateway replicas on one Redis share their answers', async () => {
    const keyPrefix = `cg:test:answer:${randomUUID()}:`;
    // Each run its own keys: partners' data versions restart with every fresh coalition.
    const replica = () => startCachingGateway({ answerCacheMb: 16, redisUrl: testRedisUrl(), answerCacheKeyPrefix: keyPrefix });
    const [one, two] = [await replica(), await replica()];
    const variables = { ...EXITERS, by: ['SEX', 'AGE_BAND'] };
    const before = partnerSqlCounts(coalition);
    const first = await ask(one, variables);
    expect(first.errors).toBeUndefined();
    expect(Object.values(sqlDelta(coalition, before)).every((n) => n > 0)).toBe(true);
    const statements = partnerSqlCounts(coalition);
    const second = await ask(two, variables);
    expect(sqlDelta(coalition, statements)).toEqual(zeroes(coalition));
    expect(second).toEqual(first);
    expect(await cacheCounts(two)).toMatchObject({ 'published hits': 1 });
  });

  it('a partner that gives no version is asked as before: its outage shows in the coverage, and no partial answer is kept', async () => {
    const down = 'bridgeway-placement';
    await coalition.stopPartner(down);
    const missing = [{ partnerId: down, reason: expect.any(String) }];
    for (let i = 0; i < 2; i++) {
      const counted = await cacheCounts(gateway);
      const backbone = await ask(gateway, EXITERS);
      expect(backbone.errors).toBeUndefined();
      expect(backbone.data.networkIndicator.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 2, missing });
      expect(backbone.extensions?.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 2, missing });
      expect(backbone.data.networkIndicator.cells.some((c: any) => c.key.startsWith(`PARTNER=${down}|`))).toBe(false);
      // Published answers need every partner's version: neither read nor kept.
      expect(grew(await cacheCounts(gateway), counted)).not.toHaveProperty('published hits');
    }
    const funder = await graphql(gateway.url, FUNNEL, { by: ['PARTNER'] }, { token: tokens.funder() });
    expect(funder.errors?.[0].extensions?.code).toBe('PARTNER_UNAVAILABLE');
    expect(funder.errors?.[0].message).toContain(down);
  });
});
