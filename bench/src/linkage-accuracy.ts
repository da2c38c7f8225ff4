import type { RegistryServices } from '@coalition/registry';
import {
  encodePopulation,
  evaluateHardCases,
  evaluateLinkage,
  generateFakerPopulation,
  generateLinkagePopulation,
  resolveEncoded,
  type AnnotatedRecord,
  type HardCaseReport,
  type LinkageAccuracy,
} from '@coalition/demo';
import { openBenchRegistry } from './registry-database';

const PARTNERS = ['bench-a', 'bench-b', 'bench-c', 'bench-new'];
const SECRET = 'benchmark-linkage-secret-not-for-production';

export type PopulationName = 'project' | 'faker';
export type WeightsName = 'hand-set' | 'estimated';

export interface LinkageAccuracyRow {
  population: PopulationName;
  weights: WeightsName;
  people: number;
  accuracy: LinkageAccuracy;
  hard: HardCaseReport;
  resolveMs: number;
  /** the estimate's iterations and share of candidate pairs that match (estimated rows only) */
  estimate?: { iterations: number; converged: boolean; matchShare: number; candidatePairs: number; randomPairs: number; estimateMs: number };
}

type Log = (message: string) => void;

function generate(population: PopulationName, people: number): AnnotatedRecord[] {
  return population === 'project'
    ? generateLinkagePopulation({ people, seed: 11, partners: PARTNERS })
    : generateFakerPopulation({ people, seed: 11, partners: PARTNERS });
}

/** One registry database per run: resolve every record, score against the truth. */
async function run(
  adminUrl: string,
  population: PopulationName,
  records: AnnotatedRecord[],
  encodings: ReturnType<typeof encodePopulation>,
  prepare: (services: RegistryServices) => Promise<void>,
  log: Log,
): Promise<{
  accuracy: LinkageAccuracy;
  hard: HardCaseReport;
  resolveMs: number;
  services: RegistryServices;
  close(): Promise<void>;
}> {
  const registry = await openBenchRegistry(adminUrl, `cg_bench_linkacc_${process.pid}_${population}_${Date.now() % 100000}`, PARTNERS);
  try {
    await prepare(registry.services);
    const started = Date.now();
    const outcomes = await resolveEncoded(registry.services.linkage, records, encodings, 1000, (done) => {
      if (done % 20_000 < 1000)
        log(`  linkage accuracy (${population}): ${done.toLocaleString('en-US')} of ${records.length.toLocaleString('en-US')} resolved`);
    });
    const resolveMs = Date.now() - started;
    return {
      accuracy: evaluateLinkage(records, outcomes),
      hard: evaluateHardCases(records, outcomes),
      resolveMs,
      services: registry.services,
      close: registry.close,
    };
  } catch (error) {
    await registry.close();
    throw error;
  }
}

/**
 * Accuracy on two independent populations (the project's generator and one built on
 * @faker-js/faker), each with the hand-set weights and with weights estimated by EM from the
 * hand-set run's own registry (as a backbone would: estimate, then use for what comes next).
 */
export async function linkageAccuracyScenario(adminUrl: string, options: { people: number; log?: Log }): Promise<LinkageAccuracyRow[]> {
  const log = options.log ?? (() => undefined);
  const rows: LinkageAccuracyRow[] = [];
  for (const population of ['project', 'faker'] as const) {
    const records = generate(population, options.people);
    const encodings = encodePopulation(records, SECRET);
    const hand = await run(adminUrl, population, records, encodings, async () => undefined, log);
    rows.push({ population, weights: 'hand-set', people: options.people, accuracy: hand.accuracy, hard: hand.hard, resolveMs: hand.resolveMs });
    const started = Date.now();
    let estimate: Awaited<ReturnType<typeof hand.services.weights.estimate>>;
    try {
      estimate = await hand.services.weights.estimate({ actor: 'bench', reason: 'benchmark: weights from the hand-set run' });
    } finally {
      await hand.close();
    }
    const estimateMs = Date.now() - started;
    log(`  linkage accuracy (${population}): weights estimated in ${estimateMs} ms`);
    const estimated = await run(
      adminUrl,
      population,
      records,
      encodings,
      async (services) => {
        const copy = await services.weights.importEstimate(estimate.estimate, { actor: 'bench', reason: 'benchmark: estimated on the hand-set run' });
        await services.weights.activate(copy.id, { actor: 'bench' });
      },
      log,
    );
    await estimated.close();
    rows.push({
      population,
      weights: 'estimated',
      people: options.people,
      accuracy: estimated.accuracy,
      hard: estimated.hard,
      resolveMs: estimated.resolveMs,
      estimate: {
        iterations: estimate.estimate.iterations,
        converged: estimate.estimate.converged,
        matchShare: estimate.estimate.lambda,
        candidatePairs: estimate.estimate.candidatePairs,
        randomPairs: estimate.estimate.randomPairs,
        estimateMs,
      },
    });
  }
  return rows;
}

/** The accuracy table, with recall by corruption type and related people put together. */
export function printLinkageAccuracy(rows: readonly LinkageAccuracyRow[]): void {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log(
    '\n| population | weights | records | auto precision | auto recall | auto + review recall | review queue (share of records, true share) | worst group precision / recall |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const a = r.accuracy;
    const groups = Object.values({ ...a.bySex, ...a.byRaceGroup });
    const worstP = Math.min(...groups.map((g) => g.autoLink.precision));
    const worstR = Math.min(...groups.map((g) => g.autoPlusReview.recall));
    console.log(
      `| ${r.population} | ${r.weights} | ${a.records.toLocaleString('en-US')} | ${pct(a.autoLink.precision)} | ${pct(a.autoLink.recall)} | ${pct(a.autoPlusReview.recall)} | ${a.reviewQueue} (${pct(a.reviewQueue / a.records)}, ${pct(r.hard.reviewTrue / Math.max(1, r.hard.reviewItems))} true) | ${pct(worstP)} / ${pct(worstR)} |`,
    );
  }
  for (const r of rows) {
    console.log(
      `\n${r.population}, ${r.weights} weights: recall by corruption type (pairs; auto; auto + review), related people put together (auto; in review)`,
    );
    for (const [type, t] of Object.entries(r.hard.byCorruption).sort()) console.log(`  ${type}: ${t.pairs}; ${pct(t.autoRecall)}; ${pct(t.reviewRecall)}`);
    for (const [relation, t] of Object.entries(r.hard.relatedPairsLinked).sort()) console.log(`  ${relation}: ${t.autoLinked}; ${t.inReview}`);
    if (r.estimate)
      console.log(
        `  estimate: ${r.estimate.iterations} iterations${r.estimate.converged ? '' : ' (not converged)'}, match share ${pct(r.estimate.matchShare)}, ${r.estimate.candidatePairs} candidate and ${r.estimate.randomPairs} random pairs, ${r.estimate.estimateMs} ms`,
      );
  }
}
