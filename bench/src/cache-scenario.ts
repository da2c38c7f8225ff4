import type { Client } from 'pg';
import { type AnswerCacheCounts, cacheCountsSince } from './coalition/cache-metrics';
import type { Dataset } from './coalition/dataset';
import { appendIncrement, incrementRows, removeIncrements, touchEveryPartner } from './coalition/increment';
import type { RunningCoalition } from './coalition/services';
import { dataVersionOf, dataVersions, partnerAlone, untilVersionsMove } from './direct';
import type { ScenarioResult } from './import-scenario';
import { assertSameCells, type CellCounts, gatewayNetwork, pooledNetwork, timeNetwork } from './network-scenario';
import { summarize } from './stats';
import { timed } from './timing';

/** What the answer cache's rows share: a coalition whose main gateway keeps answers (ANSWER_CACHE_MB as deployed). */
export interface CacheRun {
  dataset: Dataset;
  coalition: RunningCoalition;
  /** a backbone analyst's */
  token: string;
  runs: number;
  /** e.g. "K=3, N=5,000" */
  scale: string;
  log: (m: string) => void;
}

/** An import is this share of a partner's records. */
const IMPORT_SHARE = 0.01;

const POOLED = 'one SQL statement on the pooled database';
const met = (ratio: number, target: number) => `target ${target}x ${ratio <= target ? 'met' : 'missed'}`;

/**
 * 1b: the first ask of scenario 1's question with the cache on. Before each, every partner's data
 * version is moved (with no data changed), so every kept answer is stale: the ask is computed,
 * and pays for the version requests, the lookups and keeping the answer. The process has answered
 * the question once before, unmeasured, so its code paths are compiled, as scenario 1's are.
 */
export async function firstAskRow({ dataset, coalition, token, runs, scale }: CacheRun, pooled: Client): Promise<ScenarioResult> {
  const expected = await pooledNetwork(pooled);
  assertSameCells(await gatewayNetwork(coalition.gatewayUrl, token), expected, 'gateway with the answer cache');
  const gateway: number[] = [];
  const baseline: number[] = [];
  const asks: AnswerCacheCounts[] = [];
  for (let run = 0; run < runs; run++) {
    const before = await dataVersions(
      coalition,
      dataset.partners.map((p) => p.id),
    );
    await touchEveryPartner(dataset);
    await untilVersionsMove(coalition, before);
    const counts = await coalition.gatewayCache();
    const ask = await timed(() => gatewayNetwork(coalition.gatewayUrl, token));
    asks.push(cacheCountsSince(counts, await coalition.gatewayCache()));
    assertSameCells(ask.result, expected, 'gateway with the answer cache, first ask');
    gateway.push(ask.ms);
    baseline.push((await timed(() => pooledNetwork(pooled))).ms);
  }
  const s = summarize(gateway);
  const b = summarize(baseline);
  const ratio = s.median / b.median;
  const computed = asks.every((a) => a.published.misses === 1 && a.partner.hits === 0);
  return {
    scenario: `1b. the same, answer cache on: first ask (every partner's data version moved before each) (${scale})`,
    subject: s,
    baseline: { name: POOLED, ...b },
    ratio,
    rate: `${expected.size} cells, equal to pooled; ${computed ? 'every ask a published miss, no partner hit' : `NOT ALL COMPUTED: ${JSON.stringify(asks)}`}; ${met(ratio, 1.3)}`,
    details: { asks },
  };
}

/** 1c: the same question asked again, nothing changed: answered from the published entry, with no partner SQL. */
export async function warmRow({ dataset, coalition, token, runs, scale }: CacheRun): Promise<ScenarioResult> {
  // Kept by the first ask (1b's last, or this one); the counting starts after it.
  await gatewayNetwork(coalition.gatewayUrl, token);
  const counts = await coalition.gatewayCache();
  const statements = await partnerStatements(coalition);
  const network = await timeNetwork(dataset, coalition.gatewayUrl, token, runs);
  const gained = cacheCountsSince(counts, await coalition.gatewayCache());
  const statementsRun = sum([...(await statementsSince(coalition, statements)).values()]);
  const s = summarize(network.gateway);
  const b = summarize(network.pooled);
  const ratio = s.median / b.median;
  // timeNetwork asks once more than it times, to check the answer first.
  const asks = runs + 1;
  return {
    scenario: `1c. the same, answer cache on, warm: unchanged data, answered from the cache (${scale})`,
    subject: s,
    baseline: { name: POOLED, ...b },
    ratio,
    rate: `${network.cells} cells, equal to pooled; published hits ${gained.published.hits} of ${asks} asks, ${statementsRun} partner SQL statements; ${met(ratio, 0.1)}`,
    details: { asks, counts: gained, statements: statementsRun },
  };
}

/** What one answer after an import cost, from the gateway's and the partners' /metrics. */
export interface AnswerAfterImport extends AnswerCacheCounts {
  statementsAtChanged: number;
  /** summed over every other partner: 0 when they answered from the cache */
  statementsElsewhere: number;
}

/**
 * 1d: with the cache warm on scenario 1's question, one partner imports 1% new records (a batch
 * per run, in one transaction); once its data version has moved, the next answer is timed. It
 * should re-cost only that partner's share: against that partner's own cells for both periods,
 * asked directly (direct.ts). Each answer is checked against the pooled database, which gets the
 * same records; the records are removed from both afterwards.
 */
export async function importRow(run: CacheRun, pooled: Client): Promise<ScenarioResult> {
  const { dataset, coalition, runs, scale } = run;
  const partner = dataset.partners[0];
  const records = Math.max(1, Math.round(dataset.options.perPartner * IMPORT_SHARE));
  await removeIncrements(dataset, partner);
  try {
    const next: number[] = [];
    const answers: AnswerAfterImport[] = [];
    let cells = 0;
    for (let batch = 0; batch < runs; batch++) {
      const measured = await answerAfterImport(run, pooled, batch, records);
      next.push(measured.ms);
      answers.push(measured.answer);
      cells = measured.cells;
    }
    // Its share is measured at the data the last answer saw.
    const s = summarize(next);
    const b = summarize(await partnerAlone(dataset, coalition, runs, partner));
    const ratio = s.median / b.median;
    const onlyThere = answers.every((a) => a.statementsElsewhere === 0 && a.statementsAtChanged > 0);
    const last = answers[answers.length - 1];
    run.log(`  after an import at ${partner.id}: next answer ${s.median.toFixed(0)} ms, its share alone ${b.median.toFixed(0)} ms (${ratio.toFixed(2)}x)`);
    return {
      scenario: `1d. the same after one partner imports 1% new records: the next answer (${scale})`,
      subject: s,
      baseline: { name: `that partner's own share, asked directly (the gateway's question: indicatorShare, both periods)`, ...b },
      ratio,
      rate: `${records} records per import at ${partner.id}; ${cells} cells, equal to pooled; per answer: published miss ${last.published.misses}, partner-level misses ${last.partner.misses} and hits ${last.partner.hits}, ${onlyThere ? 'SQL only at the importing partner' : `SQL ELSEWHERE TOO: ${JSON.stringify(answers)}`}; ${met(ratio, 1.5)}`,
      details: { partnerId: partner.id, recordsPerImport: records, imports: runs, answers },
    };
  } finally {
    await removeIncrements(dataset, partner);
  }
}

/** One import at the first partner, then the next answer: timed, counted, checked. */
async function answerAfterImport(
  { dataset, coalition, token }: CacheRun,
  pooled: Client,
  batch: number,
  records: number,
): Promise<{ ms: number; answer: AnswerAfterImport; cells: number }> {
  const partner = dataset.partners[0];
  // The question is kept before the import, so the next answer can only miss for the import.
  await gatewayNetwork(coalition.gatewayUrl, token);
  const version = await dataVersionOf(coalition, partner.id);
  await appendIncrement(dataset, partner, incrementRows(dataset, partner, batch, records));
  await untilVersionsMove(coalition, new Map([[partner.id, version]]));
  const counts = await coalition.gatewayCache();
  const statements = await partnerStatements(coalition);
  const { ms, result } = await timed(() => gatewayNetwork(coalition.gatewayUrl, token));
  const gained = cacheCountsSince(counts, await coalition.gatewayCache());
  const ran = await statementsSince(coalition, statements);
  const expected: CellCounts = await pooledNetwork(pooled);
  assertSameCells(result, expected, `gateway after ${records} new records at ${partner.id}`);
  const elsewhere = sum([...ran].filter(([id]) => id !== partner.id).map(([, n]) => n));
  return { ms, cells: expected.size, answer: { ...gained, statementsAtChanged: ran.get(partner.id) ?? 0, statementsElsewhere: elsewhere } };
}

const sum = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0);

/** SQL statements each partner has run so far, by partner id. */
async function partnerStatements(coalition: RunningCoalition): Promise<Map<string, number>> {
  return new Map([...(await coalition.partnerCounters())].map(([id, c]) => [id, c.statements]));
}

/** Statements each partner ran since `before`, by partner id. */
async function statementsSince(coalition: RunningCoalition, before: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  return new Map([...(await partnerStatements(coalition))].map(([id, n]) => [id, n - (before.get(id) ?? 0)]));
}
