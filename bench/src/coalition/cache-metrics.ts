/** Hits and misses of a gateway's answer cache, by level (`cg_answer_cache_*_total{level=...}` on its /metrics). */
export interface AnswerCacheCounts {
  partner: { hits: number; misses: number };
  published: { hits: number; misses: number };
}

const LEVELS = ['partner', 'published'] as const;

/**
 * Reads the counters from /metrics text. A gateway that serves none of them is an error: its
 * figures would read as "nothing cached" when nothing was counted at all.
 */
export function parseAnswerCacheCounts(text: string): AnswerCacheCounts {
  const value = (name: string, level: string): number => {
    const series = `${name}{level="${level}"}`;
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    if (line === undefined) throw new Error(`the gateway's /metrics has no ${series}: is it a gateway with the answer cache?`);
    return Number(line.slice(series.length + 1));
  };
  const level = (l: (typeof LEVELS)[number]) => ({ hits: value('cg_answer_cache_hits_total', l), misses: value('cg_answer_cache_misses_total', l) });
  return { partner: level('partner'), published: level('published') };
}

/** What the counters gained between two readings. */
export function cacheCountsSince(before: AnswerCacheCounts, after: AnswerCacheCounts): AnswerCacheCounts {
  const gained = (l: (typeof LEVELS)[number]) => ({ hits: after[l].hits - before[l].hits, misses: after[l].misses - before[l].misses });
  return { partner: gained('partner'), published: gained('published') };
}
