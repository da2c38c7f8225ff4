import { indicatorRules } from '@coalition/shared';
import { cacheCountsSince } from './coalition/cache-metrics';
import type { BenchGateway } from './coalition/services';
import type { CacheRun } from './cache-scenario';
import { definitions } from './direct';
import type { ScenarioResult } from './import-scenario';
import { summarize } from './stats';
import { graphql, timed } from './timing';

export interface CacheMemoryOptions {
  /** ANSWER_CACHE_MB of the gateway filled: small, so that distinct questions fill it soon */
  megabytes: number;
  /** questions in flight at once while filling */
  concurrency?: number;
}

/** Program years with exits in the generated data (July 2022 to June 2026). */
const YEARS = [2022, 2023, 2024, 2025];
/** At most this many dimensions per question: with every indicator and year, thousands of distinct questions. */
const MAX_BY = 3;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Every subset of `dimensions` of at most `max` of them, the empty one first. */
function subsets(dimensions: readonly string[], max: number): string[][] {
  const out: string[][] = [[]];
  for (const dimension of dimensions) for (const s of [...out]) if (s.length < max) out.push([...s, dimension]);
  return out.sort((a, b) => a.length - b.length);
}

/**
 * Distinct questions: every network indicator of the catalogue (not pre/post measures, which are
 * another question) x every combination of up to three of its dimensions x every program year.
 * Indicator and year vary fastest, so answers that depend on them alone fill the cache early.
 */
async function distinctQuestions(run: CacheRun): Promise<string[]> {
  const bys = new Map<string, string[][]>();
  for (const [code, d] of await definitions(run.dataset)) {
    const rules = indicatorRules(d.kind, d.spec as Record<string, unknown>);
    if (rules.form === 'CELLS') bys.set(code, subsets(rules.spec.dimensions, MAX_BY));
  }
  const questions: string[] = [];
  const longest = Math.max(...[...bys.values()].map((b) => b.length));
  for (let i = 0; i < longest; i++)
    for (const year of YEARS)
      for (const [code, by] of bys)
        if (by[i])
          questions.push(`query Fill { networkIndicator(code: "${code}", period: { programYear: ${year} }, by: [${by[i].join(', ')}]) {
            cells { key current { people value } } } }`);
  return questions;
}

interface Filling {
  gateway: BenchGateway;
  ask: (question: string) => Promise<number>;
  questions: string[];
  concurrency: number;
}

/** Starts a gateway with this ANSWER_CACHE_MB and asks it questions[0], unmeasured: the first request of a process compiles its code paths. */
async function startFilling(run: CacheRun, questions: string[], megabytes: number, options: CacheMemoryOptions): Promise<Filling> {
  const gateway = await run.coalition.startGateway({ name: `gateway-cache-${megabytes}mb`, answerCacheMb: megabytes });
  const headers = { authorization: `Bearer ${run.token}` };
  const ask = async (question: string) => (await timed(() => graphql(gateway.url, question, {}, headers))).ms;
  await ask(questions[0]);
  return { gateway, ask, questions, concurrency: options.concurrency ?? 4 };
}

/** Asks questions[from, from + count), wrapping round the list, `concurrency` at a time; their times. */
async function askRange({ ask, questions, concurrency }: Filling, from: number, count: number): Promise<number[]> {
  const times: number[] = [];
  let next = from;
  const worker = async () => {
    while (next < from + count) times.push(await ask(questions[next++ % questions.length]));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return times;
}

/** Asked again, was this question's published answer gone? (A kept one answers as a hit and is young again.) */
async function evicted({ gateway, ask }: Filling, question: string): Promise<boolean> {
  const before = await gateway.cache();
  await ask(question);
  return cacheCountsSince(before, await gateway.cache()).published.misses > 0;
}

/**
 * Distinct questions until the oldest not yet re-asked is found evicted: the cache is full. One
 * re-ask after each round; a re-ask that hits makes that answer young again, so the next round
 * probes the next oldest.
 */
async function fillUntilEvicting(filling: Filling): Promise<{ asked: number; evictedAfter: number | null }> {
  const round = filling.concurrency * 2;
  let asked = 1;
  for (let probe = 0; asked < filling.questions.length; probe++) {
    const count = Math.min(round, filling.questions.length - asked);
    await askRange(filling, asked, count);
    asked += count;
    if (await evicted(filling, filling.questions[probe])) return { asked, evictedAfter: asked };
  }
  return { asked, evictedAfter: null };
}

/** Resident memory of one gateway through the questions: before, once they filled its cache (if it has one), after as many again. */
interface MemoryRun {
  rssBeforeBytes: number;
  rssFullBytes: number;
  rssAfterBytes: number;
  /** times of the second stretch of questions */
  times: number[];
}

/** The gateway with the small cache: filled until it evicts, then asked as many distinct questions again, which keep evicting. */
async function withSmallCache(run: CacheRun, questions: string[], options: CacheMemoryOptions) {
  const filling = await startFilling(run, questions, options.megabytes, options);
  try {
    const counts = await filling.gateway.cache();
    const rssBeforeBytes = await filling.gateway.memory();
    const filled = await fillUntilEvicting(filling);
    const rssFullBytes = await filling.gateway.memory();
    const times = await askRange(filling, filled.asked, filled.asked);
    const memory: MemoryRun = { rssBeforeBytes, rssFullBytes, rssAfterBytes: await filling.gateway.memory(), times };
    return { ...filled, memory, counts: cacheCountsSince(counts, await filling.gateway.cache()) };
  } finally {
    await filling.gateway.stop();
  }
}

/** A gateway that keeps nothing (ANSWER_CACHE_MB=0) through the same questions: what the process grows to without the cache. */
async function withoutCache(run: CacheRun, questions: string[], asked: number, options: CacheMemoryOptions): Promise<MemoryRun> {
  const filling = await startFilling(run, questions, 0, options);
  try {
    const rssBeforeBytes = await filling.gateway.memory();
    await askRange(filling, 1, asked - 1);
    const rssFullBytes = await filling.gateway.memory();
    const times = await askRange(filling, asked, asked);
    return { rssBeforeBytes, rssFullBytes, rssAfterBytes: await filling.gateway.memory(), times };
  } finally {
    await filling.gateway.stop();
  }
}

const readings = ({ rssBeforeBytes, rssFullBytes, rssAfterBytes }: MemoryRun) => ({ rssBeforeBytes, rssFullBytes, rssAfterBytes });

const rss = (m: MemoryRun, then: string) => `RSS ${mib(m.rssBeforeBytes)} before, ${mib(m.rssFullBytes)} ${then}, ${mib(m.rssAfterBytes)} after as many again`;

/**
 * 1e: a gateway started with a small ANSWER_CACHE_MB, asked distinct questions (each one kept)
 * until its cache evicts, then as many again, which keep evicting; then a gateway that keeps
 * nothing, asked the same questions. Resident memory is read before, when full and after: the
 * cache bounds the serialized answers it keeps, so what the first grows beyond the second should
 * stay near the configured size. Subject: the questions while evicting; baseline: the same
 * questions without a cache (what keeping and evicting cost).
 */
export async function cacheMemoryRow(run: CacheRun, options: CacheMemoryOptions): Promise<ScenarioResult> {
  const questions = await distinctQuestions(run);
  const small = await withSmallCache(run, questions, options);
  const none = await withoutCache(run, questions, small.asked, options);
  const s = summarize(small.memory.times);
  const b = summarize(none.times);
  const full =
    small.evictedAfter === null ? `NOT FULL after all ${questions.length} distinct questions` : `full after ${small.evictedAfter} distinct questions`;
  const beyond = small.memory.rssAfterBytes - none.rssAfterBytes;
  const memory = `${rss(small.memory, 'full')}; without a cache ${rss(none, 'at the same point')}; with the ${options.megabytes} MiB cache full ${beyond >= 0 ? '+' : ''}${mib(beyond)} against none`;
  run.log(`  answer cache ${options.megabytes} MB: ${full}; ${memory}`);
  const { counts } = small;
  return {
    scenario: `1e. gateway memory with the answer cache full: ANSWER_CACHE_MB=${options.megabytes}, distinct questions until it evicts, then as many again (${run.scale})`,
    subject: s,
    baseline: { name: 'the same questions to a gateway without a cache', ...b },
    ratio: s.median / b.median,
    rate: `${full}; ${memory}; published misses ${counts.published.misses}, hits ${counts.published.hits}; partner-level misses ${counts.partner.misses}, hits ${counts.partner.hits}`,
    details: {
      answerCacheMb: options.megabytes,
      distinctQuestions: questions.length,
      evictedAfter: small.evictedAfter,
      ...readings(small.memory),
      withoutCache: readings(none),
      counts,
    },
  };
}
