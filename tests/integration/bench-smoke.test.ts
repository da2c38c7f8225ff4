import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { coalitionScenarios, datasetName, importScenario, linkageScenario, parseBenchArgs, scalingScenario, summarize } from '@coalition/bench';
import { dropDatabasesWithPrefix, testServerUrl } from '../support/database';

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
});

describe('coalition benchmark smoke test (tiny scale, services as separate processes)', () => {
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

  it('runs scenarios 1 to 4 and 6: answers equal the pooled database (with and without pushdown) before anything is timed, and releases are approved before funders read them', async () => {
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
      scenarios: ['network', 'pushdown', 'person', 'dashboard', 'funnel'],
    });
    // Scenario 4 is three rows: funders reading the approved release, live warm figures, and the approvals themselves.
    expect(results.map((r) => r.scenario.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '4.', '4.', '6.']);
    for (const r of results) expect(r.ratio).toBeCloseTo(r.subject.median / r.baseline.median, 10);
    expect(results[0].rate).toMatch(/cells, equal to pooled/);
    // A person view costs one registry fetch and one request per partner holding the person, whatever K is.
    const person = results[2].details as { requestsPerView: number[]; holders: number[] };
    expect(person.holders.length).toBeGreaterThan(0);
    expect(person.requestsPerView).toEqual(person.holders.map((n) => n + 1));
    type Load = { requests: number; errors: number; firstError?: string };
    const released = results[3].details as { gateway: Load; direct: Load; gatewayMemoryBytes: number };
    const live = results[4].details as { live: Load; direct: Load };
    expect(results[3].scenario).toMatch(/approved release/);
    expect(results[4].scenario).toMatch(/live/);
    // The warm-up throws on any error in a released answer; under load errors are counted, and there are none.
    for (const load of [released.gateway, released.direct, live.live]) {
      expect(load.requests).toBeGreaterThan(0);
      expect(load.firstError).toBeUndefined();
      expect(load.errors).toBe(0);
    }
    expect(released.gatewayMemoryBytes).toBeGreaterThan(10 * 2 ** 20);
    const approval = results[5].details as {
      approvals: Array<{ programYear: number; ms: number; sizeBytes: number; figureCount: number }>;
      personViews: { idle: { runs: number; p95: number }; during: { runs: number; p95: number } };
    };
    expect(approval.approvals.map((a) => a.programYear)).toEqual([2023, 2024]);
    for (const a of approval.approvals) {
      expect(a.ms).toBeGreaterThan(0);
      expect(a.sizeBytes).toBeGreaterThan(0);
      expect(a.figureCount).toBeGreaterThanOrEqual(3);
    }
    expect(approval.personViews.idle.runs).toBeGreaterThan(0);
    expect(approval.personViews.during.runs).toBeGreaterThan(0);
    expect(results[5].rate).toMatch(/p95 .* during approval/);
    // The funnel is checked against the pooled statement before it is timed (it throws otherwise).
    expect(results[6].rate).toMatch(/people, \d+ handoff cells, equal to pooled/);
    expect((results[6].details as { people: number }).people).toBeGreaterThan(300);
  });

  it('runs the scaling scenario over a grid', async () => {
    const [row] = await scalingScenario({
      grid: [{ partners: 2, perPartner: 200 }],
      seed,
      runs: 1,
      people: 1,
      adminUrl: testServerUrl(),
      logDir,
      log: () => undefined,
    });
    expect(row.scenario).toMatch(/K=2, N=200/);
    expect(row.details).toMatchObject({ partners: 2, perPartner: 200, records: 400 });
  });

  it('reads its command line, naming a bad option', () => {
    expect(parseBenchArgs(['--quick', '--only=network,scaling'])).toMatchObject({ quick: true, only: ['network', 'scaling'], seed: 7 });
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
