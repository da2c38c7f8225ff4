import type { Dataset } from './coalition/dataset';
import type { RunningCoalition } from './coalition/services';
import type { ScenarioResult } from './import-scenario';
import { gatewayNetwork, pooledClient } from './network-scenario';
import { PERSON_QUERY, samplePeople } from './person-scenario';
import { summarize } from './stats';
import { graphql, timed } from './timing';

export interface RoutersOptions {
  dataset: Dataset;
  coalition: RunningCoalition;
  scale: string;
  runs: number;
  people: number;
  log: (m: string) => void;
}

/** The same question through both routers, in alternating order so neither always goes first. */
async function timeBoth(run: (url: string) => Promise<unknown>, urls: { ours: string; hive: string }, times: number) {
  const ours: number[] = [];
  const hive: number[] = [];
  for (let i = 0; i < times; i++) {
    const order = i % 2 ? (['hive', 'ours'] as const) : (['ours', 'hive'] as const);
    for (const which of order) (which === 'ours' ? ours : hive).push((await timed(() => run(urls[which]))).ms);
  }
  return { ours, hive };
}

function row(scenario: string, timings: { ours: number[]; hive: number[] }): ScenarioResult {
  const [hive, ours] = [summarize(timings.hive), summarize(timings.ours)];
  const ratio = hive.median / ours.median;
  const within = ratio <= 1.2 && 1 / ratio <= 1.2;
  return {
    scenario,
    subject: hive,
    baseline: { name: 'our gateway over the same services', ...ours },
    ratio,
    rate: `Hive / ours ${ratio.toFixed(2)}x, ours / Hive ${(1 / ratio).toFixed(2)}x; target within 1.2x either way: ${within ? 'met' : 'missed'}`,
    details: { hive: timings.hive, ours: timings.ours },
  };
}

/**
 * 7: Hive Gateway against our gateway, in one run, each serving the supergraph over the same
 * standalone analytics and partners services (analytics keeps no answers, so every network
 * figure is computed): scenario 1's network indicator, and person views one at a time.
 */
export async function routersScenario({ dataset, coalition, scale, runs, people, log }: RoutersOptions): Promise<ScenarioResult[]> {
  const service = { script: 'gateway/dist/services/main.js' };
  const [analytics, fanout] = await Promise.all([
    coalition.startProcess({ ...service, name: 'analytics-service', args: ['analytics'], env: { ANSWER_CACHE_MB: '0' } }),
    coalition.startProcess({ ...service, name: 'partners-service', args: ['partners'] }),
  ]);
  const urls = { ANALYTICS_URL: analytics.url, PARTNERS_URL: fanout.url };
  const [ours, hive] = await Promise.all([
    coalition.startProcess({
      name: 'gateway-over-services',
      script: 'gateway/dist/main.js',
      env: { ...urls, ANSWER_CACHE_MB: '0', RATE_LIMIT_PER_MINUTE: '0' },
    }),
    coalition.startProcess({ name: 'hive', script: 'hive/dist/main.js', env: urls, healthPath: '/healthcheck' }),
  ]);
  try {
    const token = coalition.token({ role: 'backbone_analyst' });
    const headers = { authorization: `Bearer ${token}` };
    const routers = { ours: ours.url, hive: hive.url };
    // Both give the same cells (gatewayNetwork throws on any error); one unmeasured round each.
    const [a, b] = [await gatewayNetwork(ours.url, token), await gatewayNetwork(hive.url, token)];
    if (JSON.stringify([...a]) !== JSON.stringify([...b])) throw new Error('Hive and our gateway gave different network cells');
    const network = await timeBoth((url) => gatewayNetwork(url, token), routers, runs);
    const pooled = await pooledClient(dataset);
    let gsids: string[];
    try {
      gsids = await samplePeople(pooled, people);
    } finally {
      await pooled.end();
    }
    let next = 0;
    const view = (url: string) => graphql(url, PERSON_QUERY, { gsid: gsids[Math.floor(next++ / 2) % gsids.length] }, headers);
    await view(ours.url);
    await view(hive.url);
    next = 0;
    const person = await timeBoth(view, routers, gsids.length);
    const rows = [
      row(`7. network indicator through Hive Gateway vs our gateway, both over the standalone services (scenario 1's question, ${scale})`, network),
      row(`7. person view through Hive Gateway vs our gateway, both over the standalone services (${gsids.length} people, ${scale})`, person),
    ];
    for (const r of rows) log(`  ${r.scenario}: ${r.rate}`);
    return rows;
  } finally {
    await Promise.all([ours.stop(), hive.stop()]);
    await Promise.all([analytics.stop(), fanout.stop()]);
  }
}
