import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createRegistryDataSource, createRegistryServices } from '@coalition/registry';
import { databaseUrl, dropDatabase, encodePopulation, ensureDatabase, evaluateLinkage, generateLinkagePopulation, resolveEncoded, type LinkageAccuracy } from '@coalition/demo';
import type { ScenarioResult } from './import-scenario';
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

/**
 * Linkage throughput: one partner's records (about a quarter of the population) resolved against
 * everything three other partners already linked, through the registry's resolution service in
 * batches of 1000, as partner subgraphs send them. Baseline: the same incoming records matched by
 * one exact-token SQL join (deterministic matching only) on the same database, in the same run.
 */
export async function linkageScenario(adminUrl: string, options: LinkageScenarioOptions): Promise<LinkageScenarioResult> {
  const log = options.log ?? (() => undefined);
  const records = generateLinkagePopulation({ people: options.people, seed: 8, partners: PARTNERS });
  let started = Date.now();
  const encodings = encodePopulation(records, SECRET);
  const encodeMs = Date.now() - started;
  const split = records.findIndex((r) => r.partnerId === 'bench-new');
  const [knownRecords, incomingRecords] = [records.slice(0, split), records.slice(split)];
  const [knownEncodings, incomingEncodings] = [encodings.slice(0, split), encodings.slice(split)];
  log(`  linkage: ${records.length.toLocaleString('en-US')} records encoded in ${encodeMs} ms; ${knownRecords.length.toLocaleString('en-US')} known, ${incomingRecords.length.toLocaleString('en-US')} incoming`);

  const name = `cg_bench_linkage_${process.pid}`;
  await ensureDatabase(adminUrl, name);
  const url = databaseUrl(adminUrl, name);
  const dataSource = createRegistryDataSource(url, { poolSize: 2 });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const services = createRegistryServices(dataSource);
    for (const id of PARTNERS) await services.partners.upsert({ id, name: id, programType: 'TRAINING', endpoint: 'http://127.0.0.1:1/graphql', status: 'ACTIVE' });
    started = Date.now();
    const knownOutcomes = await resolveEncoded(services.linkage, knownRecords, knownEncodings, 1000, (done) => {
      if (done % 50_000 < 1000) log(`  linkage preload: ${done.toLocaleString('en-US')} of ${knownRecords.length.toLocaleString('en-US')}`);
    });
    const preloadMs = Date.now() - started;
    await dataSource.query('ANALYZE');

    const subject: number[] = [];
    const baseline: number[] = [];
    let incomingOutcomes = new Map<string, never>() as Awaited<ReturnType<typeof resolveEncoded>>;
    for (let run = 0; run < options.runs; run++) {
      // Forget the incoming partner's links so every run resolves against the same known set.
      await dataSource.query(`DELETE FROM link_decision WHERE partner_id = 'bench-new'`);
      await dataSource.query(`DELETE FROM stakeholder_link WHERE partner_id = 'bench-new'`);
      started = Date.now();
      incomingOutcomes = await resolveEncoded(services.linkage, incomingRecords, incomingEncodings, 1000);
      subject.push(Date.now() - started);

      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        started = Date.now();
        await client.query('CREATE TEMP TABLE incoming (local_id text, token text)');
        const rows = incomingRecords.map((r, i) => `${r.localId}\t${incomingEncodings[i].rules.NAME_DOB_SEX}\n`).join('');
        await pipeline(Readable.from([rows]), client.query(copyFrom('COPY incoming FROM STDIN')));
        await client.query('SELECT count(DISTINCT i.local_id) FROM incoming i JOIN linkage_key k ON k.key = i.token');
        baseline.push(Date.now() - started);
      } finally {
        await client.end();
      }
      log(`  linkage run ${run + 1}/${options.runs}: resolve ${subject[run]} ms, exact-token join ${baseline[run]} ms`);
    }
    const accuracy = evaluateLinkage(records, new Map([...knownOutcomes, ...incomingOutcomes]));
    const s = summarize(subject);
    const b = summarize(baseline);
    return {
      scenario: `linkage: resolve ${incomingRecords.length.toLocaleString('en-US')} records against ${knownRecords.length.toLocaleString('en-US')} known`,
      rows: incomingRecords.length,
      known: knownRecords.length,
      subject: s,
      baseline: { name: 'exact-token SQL join (deterministic only)', ...b },
      ratio: s.median / b.median,
      rowsPerSecond: incomingRecords.length / (s.median / 1000),
      encodeMs,
      preloadMs,
      accuracy,
    };
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await dropDatabase(adminUrl, name);
  }
}
