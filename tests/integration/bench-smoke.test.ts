import { importScenario, linkageScenario, summarize } from '@coalition/bench';
import { testServerUrl } from '../support/database';

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
