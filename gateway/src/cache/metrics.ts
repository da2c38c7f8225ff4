import { Counter, Registry } from 'prom-client';

export type CacheLevel = 'partner' | 'published';

const LEVELS: readonly CacheLevel[] = ['partner', 'published'];

/**
 * Hits and misses of the answer cache by level: `partner` (one partner's answer to one internal
 * question) and `published` (a whole answer as a caller sees it). Lookups the cache could not
 * make (a partner without a version) are neither.
 */
export class AnswerCacheMetrics {
  private readonly hits: Counter<'level'>;
  private readonly misses: Counter<'level'>;

  constructor(readonly registry: Registry = new Registry()) {
    const registers = [registry];
    this.hits = new Counter({ name: 'cg_answer_cache_hits_total', help: 'Answers taken from the answer cache, by level', labelNames: ['level'], registers });
    this.misses = new Counter({
      name: 'cg_answer_cache_misses_total',
      help: 'Answers looked up in the answer cache and computed, by level',
      labelNames: ['level'],
      registers,
    });
    // Both levels from the start, at 0: a rate over a series that appears late is wrong.
    for (const level of LEVELS) {
      this.hits.inc({ level }, 0);
      this.misses.inc({ level }, 0);
    }
  }

  hit(level: CacheLevel): void {
    this.hits.inc({ level });
  }

  miss(level: CacheLevel): void {
    this.misses.inc({ level });
  }
}
