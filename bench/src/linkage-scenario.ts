import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RegistryServices } from '@coalition/registry';
import { encodePopulation, evaluateLinkage, generateLinkagePopulation, resolveEncoded, type LabelledRecord, type LinkageAccuracy } from '@coalition/demo';
import type { ScenarioResult } from './import-scenario';
import { openBenchRegistry, type BenchRegistry } from './registry-database';
import { summarize } from './stats';

export interface LinkageScenarioOptions {
  /** people in the synthetic population; about 1.65 records each, spread over four partners */
  people: number;
  runs: number;
  log?: (message: string) => void;
}

export interface LinkageScenarioResult extends ScenarioResult {
  known: number;
  encodeMs: number;
  preloadMs: number;
  accuracy: LinkageAccuracy;
}

const PARTNERS = ['bench-a', 'bench-b', 'bench-c', 'bench-new'];
const SECRET = 'benchmark-linkage-secret-not-for-production';

type Log = (message: string) => void;
type Outcomes = Awaited<ReturnType<typeof resolveEncoded>>;
type RegistryDataSource = BenchRegistry['dataSource'];

/** Records and their encodings, index for index. */
interface EncodedRecords {
  records: LabelledRecord[];
  encodings: ReturnType<typeof encodePopulation>;
}

interface Population {
  all: LabelledRecord[];
  known: EncodedRecords;
  incoming: EncodedRecords;
  encodeMs: number;
}

interface Timings {
  subject: number[];
  baseline: number[];
  /** the last run's outcomes (every run resolves the same records) */
  outcomes: Outcomes;
}

/** Encoding is the partners' side of linkage: timed once, here, and kept out of the resolve timings. */
function encodedPopulation(people: number, log: Log): Population {
  const all = generateLinkagePopulation({ people, seed: 8, partners: PARTNERS });
  const started = Date.now();
  const encodings = encodePopulation(all, SECRET);
  const encodeMs = Date.now() - started;
  // The population comes partner by partner in PARTNERS order, so the incoming partner's records are the tail.
  const split = all.findIndex((r) => r.partnerId === 'bench-new');
  const known = { records: all.slice(0, split), encodings: encodings.slice(0, split) };
  const incoming = { records: all.slice(split), encodings: encodings.slice(split) };
  log(
    `  linkage: ${all.length.toLocaleString('en-US')} records encoded in ${encodeMs} ms; ${known.records.length.toLocaleString('en-US')} known, ${incoming.records.length.toLocaleString('en-US')} incoming`,
  );
  return { all, known, incoming, encodeMs };
}

/** Resolves everything the known partners already hold: the known set every run matches against. */
async function preloadKnown(services: RegistryServices, known: EncodedRecords, log: Log): Promise<{ outcomes: Outcomes; preloadMs: number }> {
  const started = Date.now();
  const outcomes = await resolveEncoded(services.linkage, known.records, known.encodings, 1000, (done) => {
    if (done % 50_000 < 1000) log(`  linkage preload: ${done.toLocaleString('en-US')} of ${known.records.length.toLocaleString('en-US')}`);
  });
  return { outcomes, preloadMs: Date.now() - started };
}

/** The baseline: the incoming records' deterministic token matched by one SQL join, loading them by COPY included. */
async function exactTokenJoinMs(url: string, incoming: EncodedRecords): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = Date.now();
    await client.query('CREATE TEMP TABLE incoming (local_id text, token text)');
    const rows = incoming.records.map((r, i) => `${r.localId}\t${incoming.encodings[i].rules.NAME_DOB_SEX}\n`).join('');
    await pipeline(Readable.from([rows]), client.query(copyFrom('COPY incoming FROM STDIN')));
    await client.query('SELECT count(DISTINCT i.local_id) FROM incoming i JOIN linkage_key k ON k.key = i.token');
    return Date.now() - started;
  } finally {
    await client.end();
  }
}

async function timeRuns(
  dataSource: RegistryDataSource,
  services: RegistryServices,
  url: string,
  incoming: EncodedRecords,
  runs: number,
  log: Log,
): Promise<Timings> {
  const subject: number[] = [];
  const baseline: number[] = [];
  let outcomes = new Map<string, never>() as Outcomes;
  for (let run = 0; run < runs; run++) {
    // Forget the incoming partner's links so every run resolves against the same known set.
    await dataSource.query(`DELETE FROM link_decision WHERE partner_id = 'bench-new'`);
    await dataSource.query(`DELETE FROM stakeholder_link WHERE partner_id = 'bench-new'`);
    const started = Date.now();
    outcomes = await resolveEncoded(services.linkage, incoming.records, incoming.encodings, 1000);
    subject.push(Date.now() - started);
    baseline.push(await exactTokenJoinMs(url, incoming));
    log(`  linkage run ${run + 1}/${runs}: resolve ${subject[run]} ms, exact-token join ${baseline[run]} ms`);
  }
  return { subject, baseline, outcomes };
}

function linkageResult(population: Population, preloadMs: number, timings: Timings, accuracy: LinkageAccuracy): LinkageScenarioResult {
  const { known, incoming } = population;
  const s = summarize(timings.subject);
  const b = summarize(timings.baseline);
  return {
    scenario: `linkage: resolve ${incoming.records.length.toLocaleString('en-US')} records against ${known.records.length.toLocaleString('en-US')} known`,
    rows: incoming.records.length,
    known: known.records.length,
    subject: s,
    baseline: { name: 'exact-token SQL join (deterministic only)', ...b },
    ratio: s.median / b.median,
    rowsPerSecond: incoming.records.length / (s.median / 1000),
    encodeMs: population.encodeMs,
    preloadMs,
    accuracy,
  };
}

/**
 * Linkage throughput: one partner's records (about a quarter of the population) resolved against
 * everything three other partners already linked, through the registry's resolution service in
 * batches of 1000, as partner subgraphs send them. Baseline: the same incoming records matched by
 * one exact-token SQL join (deterministic matching only) on the same database, in the same run.
 */
export async function linkageScenario(adminUrl: string, options: LinkageScenarioOptions): Promise<LinkageScenarioResult> {
  const log = options.log ?? (() => undefined);
  const population = encodedPopulation(options.people, log);
  const { url, dataSource, services, close } = await openBenchRegistry(adminUrl, `cg_bench_linkage_${process.pid}`, PARTNERS);
  try {
    const preload = await preloadKnown(services, population.known, log);
    await dataSource.query('ANALYZE');
    const timings = await timeRuns(dataSource, services, url, population.incoming, options.runs, log);
    const accuracy = evaluateLinkage(population.all, new Map([...preload.outcomes, ...timings.outcomes]));
    return linkageResult(population, preload.preloadMs, timings, accuracy);
  } finally {
    await close();
  }
}
