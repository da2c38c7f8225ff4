import { join } from 'node:path';
import { ensureDataset, type Dataset } from './coalition/dataset';
import { startServices } from './coalition/services';
import { definitions, DIRECT_CELLS_QUERY, directRequest, programYear } from './direct';
import { postChecked } from './load';
import type { ScenarioResult } from './import-scenario';
import { pooledClient, timeNetwork } from './network-scenario';
import { samplePeople, timePersonView } from './person-scenario';
import { range, summarize } from './stats';
import { timed } from './timing';

export interface ScalingOptions {
  grid: Array<{ partners: number; perPartner: number }>;
  seed: number;
  runs: number;
  people: number;
  adminUrl: string;
  logDir: string;
  log: (m: string) => void;
}

/** One partner's own share of scenario 1, asked directly and alone: what latency tends to when every partner has its own machine. */
export async function partnerAlone(dataset: Dataset, coalition: Awaited<ReturnType<typeof startServices>>, runs: number): Promise<number[]> {
  const partner = dataset.partners[0];
  const spec = (await definitions(dataset, ['EMP_Q2'])).get('EMP_Q2')!;
  const sign = directRequest(coalition, partner.id);
  const body = (year: number) =>
    JSON.stringify({
      query: DIRECT_CELLS_QUERY,
      variables: { partnerId: partner.id, kind: spec.kind, spec: spec.spec, period: programYear(year), by: ['PARTNER', 'SEX', 'RACE_GROUP'] },
    });
  await postChecked(sign(body(2024)));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    times.push((await timed(async () => Promise.all([postChecked(sign(body(2024))), postChecked(sign(body(2023)))]))).ms);
  }
  return times;
}

/**
 * Scenario 1 at several coalition sizes: K partners of N records each. On one machine every
 * partner shares the same cores, so the work of all partners adds up in the latency; the
 * partner-alone figure shows what one partner's share costs.
 */
export async function scalingScenario(options: ScalingOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const size of options.grid) {
    const dataset = await ensureDataset(options.adminUrl, { ...size, seed: options.seed }, options.log);
    const coalition = await startServices(dataset, { logDir: join(options.logDir, dataset.name) });
    try {
      const token = coalition.token({ role: 'backbone_analyst' });
      const network = await timeNetwork(dataset, coalition.gatewayUrl, token, options.runs);
      const alone = summarize(await partnerAlone(dataset, coalition, options.runs));
      const pooled = await pooledClient(dataset);
      let views: Awaited<ReturnType<typeof timePersonView>>;
      try {
        views = await timePersonView(dataset, coalition, pooled, await samplePeople(pooled, options.people));
      } finally {
        await pooled.end();
      }
      const s = summarize(network.gateway);
      const b = summarize(network.pooled);
      results.push({
        scenario: `scaling: scenario 1 at K=${size.partners}, N=${size.perPartner.toLocaleString('en-US')} (${dataset.records.toLocaleString('en-US')} records)`,
        subject: s,
        baseline: { name: 'pooled SQL', ...b },
        ratio: s.median / b.median,
        rate: `one partner alone ${alone.median.toFixed(0)} ms; person view ${range(views.requestsPerView)} subgraph requests, ${range(views.statementsPerView)} statements`,
        details: {
          partners: size.partners,
          perPartner: size.perPartner,
          records: dataset.records,
          people: dataset.people,
          partnerAlone: alone,
          personView: { latency: summarize(views.gateway), requestsPerView: views.requestsPerView, statementsPerView: views.statementsPerView },
        },
      });
      options.log(
        `  ${results[results.length - 1].scenario}: gateway ${s.median.toFixed(0)} ms, pooled ${b.median.toFixed(0)} ms, one partner alone ${alone.median.toFixed(0)} ms`,
      );
    } finally {
      await coalition.stop();
    }
  }
  return results;
}
