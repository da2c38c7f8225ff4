import { join } from 'node:path';
import { ensureDataset, type Dataset } from './coalition/dataset';
import { startServices } from './coalition/services';
import { partnerAlone } from './direct';
import type { ScenarioResult } from './import-scenario';
import { gatewayNetwork, type NetworkTimings, pooledClient, timeNetwork } from './network-scenario';
import { type PersonViewTimings, samplePeople, timePersonView } from './person-scenario';
import { range, summarize } from './stats';

type Size = { partners: number; perPartner: number };

export interface ScalingOptions {
  grid: Size[];
  seed: number;
  runs: number;
  people: number;
  adminUrl: string;
  logDir: string;
  log: (m: string) => void;
}

/** A person view should cost one registry call and one per partner holding the person, whatever K is. */
const callsAsTargeted = (views: PersonViewTimings) => views.requestsPerView.every((n, i) => n === 1 + views.holders[i]);

/** Scenario 1's row at one size: the gateway (answer cache off) against the pooled statement, with one partner alone. */
function networkRow(size: Size, dataset: Dataset, network: NetworkTimings, alone: number[], views: PersonViewTimings): ScenarioResult {
  const s = summarize(network.gateway);
  const b = summarize(network.pooled);
  const a = summarize(alone);
  return {
    scenario: `scaling: scenario 1 at K=${size.partners}, N=${size.perPartner.toLocaleString('en-US')} (${dataset.records.toLocaleString('en-US')} records)`,
    subject: s,
    baseline: { name: 'pooled SQL', ...b },
    ratio: s.median / b.median,
    rate: `one partner alone ${a.median.toFixed(0)} ms; person view ${range(views.requestsPerView)} subgraph requests, ${range(views.statementsPerView)} statements; answer cache off`,
    details: {
      partners: size.partners,
      perPartner: size.perPartner,
      records: dataset.records,
      people: dataset.people,
      partnerAlone: a,
      personView: { latency: summarize(views.gateway), requestsPerView: views.requestsPerView, statementsPerView: views.statementsPerView },
    },
  };
}

/** CPU milliseconds per request of each service, over the network runs. */
type CpuPerRequest = { gateway: number; registry: number; partners: number };

/**
 * Scenario 1 taken apart: the gateway's own work (merging the partners' cells, counting shared
 * people once, disclosure control: its CPU per request, worker threads included), the registry's,
 * and one partner's answer on its own. On one machine the partners share its cores; deployed,
 * each partner has its own, so a network figure takes about gateway + registry + the slowest
 * partner alone (plus network latency): computed here from the measured parts.
 */
function partsRow(size: Size, network: NetworkTimings, alone: number[], cpu: CpuPerRequest): ScenarioResult {
  const a = summarize(alone);
  const whole = summarize(network.gateway);
  // CPU counters are read before and after all runs: the mean stands for median and p95.
  const gatewayOwn = { median: cpu.gateway, p95: cpu.gateway, runs: network.gateway.length + 1 };
  // A partner's own part: its share asked alone (database included), or its process's CPU in the real run, whichever is larger.
  const perPartnerCpu = cpu.partners / size.partners;
  const partnerOwn = Math.max(a.median, perPartnerCpu);
  const distributed = cpu.gateway + cpu.registry + partnerOwn;
  return {
    scenario: `scaling: parts of scenario 1 at K=${size.partners}, N=${size.perPartner.toLocaleString('en-US')}: the gateway's own work`,
    subject: gatewayOwn,
    baseline: { name: 'one partner alone (its share, its database)', ...a },
    ratio: cpu.gateway / a.median,
    rate: `gateway CPU ${cpu.gateway.toFixed(0)} ms, registry CPU ${cpu.registry.toFixed(0)} ms, partner process CPU ${perPartnerCpu.toFixed(0)} ms each per figure (means); on one machine ${whole.median.toFixed(0)} ms; each partner on its own machine: about ${distributed.toFixed(0)} ms (computed: gateway + registry + one partner's own ${partnerOwn.toFixed(0)} ms)`,
    details: {
      partners: size.partners,
      perPartner: size.perPartner,
      cpuMsPerRequest: cpu,
      oneMachineMedianMs: whole.median,
      partnerAloneMedianMs: a.median,
      distributedEstimateMs: distributed,
    },
  };
}

/** Scenario 3 at one size: the person view against the pooled statement (target 3x), and its calls against 1 + holders. */
function personRow(size: Size, views: PersonViewTimings): ScenarioResult {
  const s = summarize(views.gateway);
  const b = summarize(views.pooled);
  const ratio = s.median / b.median;
  return {
    scenario: `scaling: person view at K=${size.partners}, N=${size.perPartner.toLocaleString('en-US')} (scenario 3, ${views.gateway.length} people at two or more partners)`,
    subject: s,
    baseline: { name: 'one SQL statement on the pooled database', ...b },
    ratio,
    rate: `${range(views.requestsPerView)} subgraph requests per view for ${range(views.holders)} partners holding the person: calls = 1 + partners holding the person: ${callsAsTargeted(views) ? 'met' : 'missed'}; target 3x ${ratio <= 3 ? 'met' : 'missed'}`,
    details: { requestsPerView: views.requestsPerView, holders: views.holders, statementsPerView: views.statementsPerView, records: views.records },
  };
}

/** Scenario 1, one partner alone and the person views, at one size. */
async function measureSize(size: Size, options: ScalingOptions): Promise<ScenarioResult[]> {
  const dataset = await ensureDataset(options.adminUrl, { ...size, seed: options.seed }, options.log);
  // Cache off: each of the repeated runs is computed by the partners, as before the answer cache.
  const coalition = await startServices(dataset, { logDir: join(options.logDir, dataset.name), answerCacheMb: 0 });
  try {
    const token = coalition.token({ role: 'backbone_analyst' });
    // One unmeasured figure first: the registry's list of shared people is fetched once per linkage
    // version and kept; counted in, it would be spread over the runs as if every figure paid for it.
    await gatewayNetwork(coalition.gatewayUrl, token);
    const cpuBefore = await coalition.cpuSeconds();
    const network = await timeNetwork(dataset, coalition.gatewayUrl, token, options.runs);
    const cpuAfter = await coalition.cpuSeconds();
    // timeNetwork asks once to check the cells, then `runs` times: every one computed (answer cache off).
    const perRequest = (key: keyof CpuPerRequest) => ((cpuAfter[key] - cpuBefore[key]) * 1000) / (options.runs + 1);
    const cpu = { gateway: perRequest('gateway'), registry: perRequest('registry'), partners: perRequest('partners') };
    const alone = await partnerAlone(dataset, coalition, options.runs);
    const pooled = await pooledClient(dataset);
    let views: PersonViewTimings;
    try {
      views = await timePersonView(dataset, coalition, pooled, await samplePeople(pooled, options.people));
    } finally {
      await pooled.end();
    }
    const rows = [networkRow(size, dataset, network, alone, views), partsRow(size, network, alone, cpu), personRow(size, views)];
    options.log(
      `  ${rows[0].scenario}: gateway ${rows[0].subject.median.toFixed(0)} ms, pooled ${rows[0].baseline.median.toFixed(0)} ms, one partner alone ${summarize(alone).median.toFixed(0)} ms; gateway's own CPU ${cpu.gateway.toFixed(0)} ms; person view ${rows[2].subject.median.toFixed(1)} ms (${rows[2].ratio.toFixed(2)}x pooled)`,
    );
    return rows;
  } finally {
    await coalition.stop();
  }
}

/**
 * Scenario 1 and the person view at several coalition sizes: K partners of N records each. On
 * one machine every partner shares the same cores, so the work of all partners adds up in the
 * latency; the partner-alone figure shows what one partner's share costs.
 */
export async function scalingScenario(options: ScalingOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const size of options.grid) results.push(...(await measureSize(size, options)));
  return results;
}
