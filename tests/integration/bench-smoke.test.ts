import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  coalitionScenarios,
  datasetName,
  importScenario,
  linkageAccuracyScenario,
  linkageScenario,
  parseBenchArgs,
  scalingScenario,
  type ScenarioResult,
  summarize,
} from '@coalition/bench';
import { dropDatabasesWithPrefix, testServerUrl } from '../support/database';
import { testRedisUrl } from '../support/redis';

// The replicas scenario shares the tests' Redis.
process.env.CG_BENCH_REDIS_URL ??= testRedisUrl();

/** Benchmarks are not tests: this only keeps the suite working, at a tiny scale. */
describe('benchmark suite smoke test', () => {
  it('runs the import scenario against its COPY baseline and reports a ratio', async () => {
    const result = await importScenario(testServerUrl(), { rows: 300, runs: 1 });
    expect(result.rows).toBe(300);
    expect(result.subject.runs).toBe(1);
    expect(result.baseline.runs).toBe(1);
    expect(result.ratio).toBeCloseTo(result.subject.median / result.baseline.median, 10);
    expect(result.rowsPerSecond).toBeGreaterThan(0);
  });

  it('summarizes samples as median and nearest-rank p95', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, p95: 5, runs: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, p95: 4, runs: 4 });
    expect(summarize(Array.from({ length: 20 }, (_, i) => i + 1)).p95).toBe(19);
  });
});

describe('linkage benchmark smoke test', () => {
  it('resolves an incoming partner against the known ones and reports a ratio and accuracy', async () => {
    const result = await linkageScenario(testServerUrl(), { people: 400, runs: 1 });
    expect(result.known + (result.rows ?? 0)).toBe(result.accuracy.records);
    expect(result.rows).toBeGreaterThan(50);
    expect(result.ratio).toBeCloseTo(result.subject.median / result.baseline.median, 10);
    expect(result.accuracy.autoLink.predicted).toBeGreaterThan(0);
  });

  it('scores both populations with hand-set and estimated weights, by corruption type', async () => {
    const rows = await linkageAccuracyScenario(testServerUrl(), { people: 1500 });
    expect(rows.map((r) => `${r.population}/${r.weights}`)).toEqual(['project/hand-set', 'project/estimated', 'faker/hand-set', 'faker/estimated']);
    for (const row of rows) {
      expect(row.accuracy.autoLink.predicted).toBeGreaterThan(0);
      expect(Object.keys(row.hard.byCorruption)).toEqual(expect.arrayContaining(['NONE', 'FIRST_TYPO', 'DOB_YEAR_OFF_BY_ONE']));
    }
    expect(rows[1].estimate?.iterations).toBeGreaterThan(0);
  });
});

type Counts = { published: { hits: number; misses: number }; partner: { hits: number; misses: number } };

/** The answer cache's rows: what /metrics and the partners' SQL counters say about each measured answer. */
function expectCacheRows(row: (prefix: string) => ScenarioResult[]): void {
  // First asks: every partner's version moved before each, so each is a published miss with no partner hit.
  const [first] = row('1b');
  for (const ask of (first.details as { asks: Counts[] }).asks) {
    expect(ask.published).toEqual({ hits: 0, misses: 1 });
    expect(ask.partner.hits).toBe(0);
    expect(ask.partner.misses).toBeGreaterThan(0);
  }
  // Warm: every ask a published hit, and no partner ran a statement.
  const [warm] = row('1c');
  const warmCounts = warm.details as { asks: number; counts: Counts; statements: number };
  expect(warmCounts.counts.published).toEqual({ hits: warmCounts.asks, misses: 0 });
  expect(warmCounts.counts.partner).toEqual({ hits: 0, misses: 0 });
  expect(warmCounts.statements).toBe(0);
  // After one partner's import: partner-level misses only at that partner (only it runs SQL), hits at the others.
  const [imported] = row('1d');
  expect(imported.rate).toMatch(/equal to pooled/);
  const answers = (imported.details as { answers: Array<Counts & { statementsAtChanged: number; statementsElsewhere: number }> }).answers;
  expect(answers.length).toBeGreaterThan(0);
  for (const answer of answers) {
    expect(answer.published).toEqual({ hits: 0, misses: 1 });
    expect(answer.partner.misses).toBeGreaterThan(0);
    expect(answer.partner.hits).toBeGreaterThan(0);
    expect(answer.statementsAtChanged).toBeGreaterThan(0);
    expect(answer.statementsElsewhere).toBe(0);
  }
  // Full: distinct questions until a kept answer was evicted, memory read before and after.
  const [memory] = row('1e');
  const full = memory.details as { answerCacheMb: number; evictedAfter: number | null; rssBeforeBytes: number; rssAfterBytes: number };
  expect(full.answerCacheMb).toBe(1);
  expect(full.evictedAfter).toBeGreaterThan(0);
  expect(full.rssBeforeBytes).toBeGreaterThan(10 * 2 ** 20);
  expect(full.rssAfterBytes).toBeGreaterThan(10 * 2 ** 20);
}

describe('coalition benchmark smoke test (tiny scale, services as separate processes)', () => {
  // Scenario 4 approves two releases: each computes, protects and audits every figure (minutes).
  jest.setTimeout(15 * 60_000);
  // A seed of its own, so these cached datasets are this test's and can be dropped after.
  const seed = 90_000 + (process.pid % 9_000);
  const logDir = join(tmpdir(), `cg-bench-smoke-${process.pid}`);

  afterAll(async () => {
    for (const [partners, perPartner] of [
      [3, 300],
      [2, 200],
    ])
      await dropDatabasesWithPrefix(datasetName({ partners, perPartner, seed }));
  });

  it('runs scenarios 1 to 4 and 6 with the answer cache rows: answers equal the pooled database (with and without pushdown, after an import) before anything is timed, and releases are approved before funders read them', async () => {
    const results = await coalitionScenarios({
      adminUrl: testServerUrl(),
      logDir,
      log: () => undefined,
      seed,
      partners: 3,
      perPartner: 300,
      networkRuns: 1,
      people: 2,
      dashboard: { concurrency: 2, durationMs: 500 },
      cacheMemory: { megabytes: 1 },
      scenarios: ['network', 'pushdown', 'cache', 'person', 'dashboard', 'funnel', 'replicas', 'routers'],
    });
    // Scenario 4 is three rows (funders reading the approved release, live warm figures, the approvals) and 4b the dashboard's overview page.
    expect(results.map((r) => r.scenario.slice(0, 2))).toEqual(['1.', '1b', '1c', '1d', '1e', '2.', '3.', '4.', '4.', '4.', '4b', '4c', '6.', '7.', '7.']);
    const row = (prefix: string) => results.filter((r) => r.scenario.startsWith(prefix));
    for (const r of results) expect(r.ratio).toBeCloseTo(r.subject.median / r.baseline.median, 10);
    expect(row('1. ')[0].rate).toMatch(/cells, equal to pooled; answer cache off/);
    expectCacheRows(row);
    // A person view costs one registry fetch and one request per partner holding the person, whatever K is.
    const person = row('3. ')[0].details as { requestsPerView: number[]; holders: number[] };
    expect(person.holders.length).toBeGreaterThan(0);
    expect(person.requestsPerView).toEqual(person.holders.map((n) => n + 1));
    const [releasedRow, liveRow, approvalRow] = row('4. ');
    type Load = { requests: number; errors: number; firstError?: string };
    const released = releasedRow.details as { gateway: Load; direct: Load; gatewayMemoryBytes: number };
    const live = liveRow.details as { live: Load; direct: Load };
    expect(releasedRow.scenario).toMatch(/approved release/);
    expect(liveRow.scenario).toMatch(/live/);
    // The warm-up throws on any error in a released answer; under load errors are counted, and there are none.
    for (const load of [released.gateway, released.direct, live.live]) {
      expect(load.requests).toBeGreaterThan(0);
      expect(load.firstError).toBeUndefined();
      expect(load.errors).toBe(0);
    }
    expect(released.gatewayMemoryBytes).toBeGreaterThan(10 * 2 ** 20);
    const approval = approvalRow.details as {
      approvals: Array<{ programYear: number; ms: number; sizeBytes: number; figureCount: number }>;
      personViews: { idle: { runs: number; p95: number }; during: { runs: number; p95: number } };
    };
    expect(approval.approvals.map((a) => a.programYear)).toEqual([2023, 2024]);
    // The overview page as the dashboard asks it, by persisted operation hashes: every page complete, no request refused.
    const page = row('4b')[0].details as { pageMs: number[]; requestMs: number[]; errors: string[]; firstView: { totalGzipBytes: number; files: unknown[] } };
    expect(page.errors).toEqual([]);
    expect(page.pageMs.length).toBeGreaterThan(0);
    expect(page.requestMs.length).toBeGreaterThanOrEqual(page.pageMs.length * 3);
    expect(page.firstView.files.length).toBeGreaterThanOrEqual(2);
    expect(page.firstView.totalGzipBytes).toBeGreaterThan(10_000);
    for (const a of approval.approvals) {
      expect(a.ms).toBeGreaterThan(0);
      expect(a.sizeBytes).toBeGreaterThan(0);
      expect(a.figureCount).toBeGreaterThanOrEqual(3);
    }
    expect(approval.personViews.idle.runs).toBeGreaterThan(0);
    expect(approval.personViews.during.runs).toBeGreaterThan(0);
    expect(approvalRow.rate).toMatch(/p95 .* during approval/);
    // The funnel is checked against the pooled statement before it is timed (it throws otherwise).
    const [funnel] = row('6. ');
    expect(funnel.rate).toMatch(/people, \d+ handoff cells, equal to pooled/);
    expect((funnel.details as { people: number }).people).toBeGreaterThan(300);
    // 4c: two replicas sharing Redis give the same answers as one, and the second reads what the first computed.
    const replicas = row('4c')[0].details as { identical: boolean; two: Load; replica2Cache: { published: { hits: number } } };
    expect(replicas.identical).toBe(true);
    expect(replicas.two.errors).toBe(0);
    expect(replicas.replica2Cache.published.hits).toBeGreaterThan(0);
    // 7: Hive Gateway and ours over the same standalone services, both timed (the cells were compared first).
    for (const r of row('7. ')) {
      const timings = r.details as { hive: number[]; ours: number[] };
      expect(timings.hive.length).toBe(timings.ours.length);
      expect(timings.hive.length).toBeGreaterThan(0);
      expect(r.rate).toMatch(/Hive \/ ours [\d.]+x, ours \/ Hive [\d.]+x/);
    }
  });

  it('runs the scaling scenario over a grid', async () => {
    const [network, parts, person] = await scalingScenario({
      grid: [{ partners: 2, perPartner: 200 }],
      seed,
      runs: 1,
      people: 1,
      adminUrl: testServerUrl(),
      logDir,
      log: () => undefined,
    });
    expect(network.scenario).toMatch(/scenario 1 at K=2, N=200/);
    expect(network.details).toMatchObject({ partners: 2, perPartner: 200, records: 400 });
    // The same figure taken apart: the gateway's own CPU, the registry's, each partner's, and the figure computed from them.
    expect(parts.scenario).toMatch(/parts of scenario 1 at K=2, N=200/);
    const cpu = (parts.details as { cpuMsPerRequest: { gateway: number; registry: number; partners: number } }).cpuMsPerRequest;
    expect(cpu.gateway).toBeGreaterThan(0);
    expect(cpu.partners).toBeGreaterThan(0);
    expect(parts.rate).toMatch(/each partner on its own machine: about \d+ ms \(computed/);
    // The person view at each size, against the pooled statement: one registry call and one per partner holding the person.
    expect(person.scenario).toMatch(/person view at K=2, N=200/);
    const views = person.details as { requestsPerView: number[]; holders: number[] };
    expect(views.requestsPerView).toEqual(views.holders.map((n) => n + 1));
    expect(person.rate).toMatch(/calls = 1 \+ partners holding the person: met/);
  });

  it('reads its command line, naming a bad option', () => {
    expect(parseBenchArgs(['--quick', '--only=network,scaling'])).toMatchObject({ quick: true, only: ['network', 'scaling'], seed: 7 });
    expect(parseBenchArgs(['--only=cache']).only).toEqual(['cache']);
    expect(() => parseBenchArgs(['--only=speed'])).toThrow(/--only: "speed" is not a scenario/);
    expect(() => parseBenchArgs(['--partners=0'])).toThrow(/--partners must be/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option "--fast"/);
    expect(parseBenchArgs(['--grid=3x10000,12x500']).grid).toEqual([
      { partners: 3, perPartner: 10000 },
      { partners: 12, perPartner: 500 },
    ]);
    expect(() => parseBenchArgs(['--grid=3by10'])).toThrow(/--grid: "3by10" is not KxN/);
  });
});
