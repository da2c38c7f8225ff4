import { cacheCountsSince, parseAnswerCacheCounts } from './cache-metrics';

const METRICS = `# HELP cg_answer_cache_hits_total Answers taken from the answer cache, by level
# TYPE cg_answer_cache_hits_total counter
cg_answer_cache_hits_total{level="partner"} 6
cg_answer_cache_hits_total{level="published"} 2
# TYPE cg_answer_cache_misses_total counter
cg_answer_cache_misses_total{level="partner"} 12
cg_answer_cache_misses_total{level="published"} 3
process_resident_memory_bytes 123456`;

describe("the gateway's answer cache counters", () => {
  it('reads hits and misses by level from /metrics text', () => {
    expect(parseAnswerCacheCounts(METRICS)).toEqual({ partner: { hits: 6, misses: 12 }, published: { hits: 2, misses: 3 } });
  });

  it('refuses a gateway whose /metrics has no answer cache counters, naming them', () => {
    expect(() => parseAnswerCacheCounts('process_resident_memory_bytes 1')).toThrow(/cg_answer_cache_hits_total\{level="partner"\}/);
  });

  it('gives what one measured stretch added', () => {
    const before = parseAnswerCacheCounts(METRICS);
    const after = { partner: { hits: 8, misses: 15 }, published: { hits: 2, misses: 4 } };
    expect(cacheCountsSince(before, after)).toEqual({ partner: { hits: 2, misses: 3 }, published: { hits: 0, misses: 1 } });
  });
});
