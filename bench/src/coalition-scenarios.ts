import { join } from 'node:path';
import { defaultDashboardDir } from '@coalition/gateway';
import { replicasScenario } from './replicas-scenario';
import { routersScenario } from './routers-scenario';
import { ensureDataset } from './coalition/dataset';
import { type BenchGateway, startServices } from './coalition/services';
import { cacheMemoryRow, type CacheMemoryOptions } from './cache-memory';
import { type CacheRun, firstAskRow, importRow, warmRow } from './cache-scenario';
import { firstViewBytes, overviewPageLoads } from './dashboard-page';
import { dashboardLoad } from './dashboard-scenario';
import type { LoadResult } from './load';
import type { ScenarioResult } from './import-scenario';
import { assertSameCells, gatewayNetwork, pooledClient, timeNetwork } from './network-scenario';
import { samplePeople, timePersonView } from './person-scenario';
import { timeFunnel } from './funnel-scenario';
import { range, summarize } from './stats';
import { timed } from './timing';

export interface CoalitionScenarioOptions {
  adminUrl: string;
  logDir: string;
  log: (m: string) => void;
  seed: number;
  partners: number;
  perPartner: number;
  networkRuns: number;
  /** person views measured */
  people: number;
  dashboard: { concurrency: number; durationMs: number };
  /** the gateway filled with distinct questions (row 1e); default 16 MB */
  cacheMemory?: CacheMemoryOptions;
  scenarios: Array<'network' | 'pushdown' | 'cache' | 'person' | 'dashboard' | 'funnel' | 'replicas' | 'routers'>;
  profile?: boolean;
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** What each scenario of the main coalition needs: its data, its running services, a backbone token. */
interface Run {
  options: CoalitionScenarioOptions;
  dataset: Awaited<ReturnType<typeof ensureDataset>>;
  coalition: Awaited<ReturnType<typeof startServices>>;
  token: string;
  scale: string;
  /**
   * A gateway that keeps no answers (ANSWER_CACHE_MB=0), for the rows that time one question
   * over and over (1, 2's baseline, 6): each run is computed, as before the answer cache. The main
   * gateway keeps answers, as deployed (the cache rows, the dashboard).
   */
  computing: BenchGateway | null;
}

/** Rows by their number ("1.", "1b.", "2.", ...), whatever order they ran in; stable among equals. */
function inRowOrder(results: ScenarioResult[]): ScenarioResult[] {
  const key = (r: ScenarioResult) => {
    const match = /^(\d+)([a-z]?)\./.exec(r.scenario);
    return match ? Number(match[1]) + (match[2] ? (match[2].charCodeAt(0) - 96) / 100 : 0) : Number.POSITIVE_INFINITY;
  };
  return [...results].sort((a, b) => key(a) - key(b));
}

/** Scenarios 1 to 4 and 6, and the answer cache's rows (1b to 1e), on one generated coalition, its services started once. */
export async function coalitionScenarios(options: CoalitionScenarioOptions): Promise<ScenarioResult[]> {
  const { log } = options;
  const dataset = await ensureDataset(options.adminUrl, { partners: options.partners, perPartner: options.perPartner, seed: options.seed }, log);
  const scale = `K=${dataset.partners.length}, N=${options.perPartner.toLocaleString('en-US')}`;
  log(
    `  ${dataset.name}: ${dataset.people.toLocaleString('en-US')} people, ${dataset.records.toLocaleString('en-US')} records, ${dataset.sharedPeople.toLocaleString('en-US')} at two or more partners${dataset.generated ? ` (generated in ${dataset.generateMs} ms)` : ' (cached)'}`,
  );
  const started = await timed(() =>
    startServices(dataset, {
      logDir: join(options.logDir, dataset.name),
      withoutPushdown: options.scenarios.includes('pushdown'),
      profileGateway: options.profile,
    }),
  );
  const coalition = started.result;
  log(`  services started in ${started.ms.toFixed(0)} ms (${dataset.partners.length} partners, registry, gateway)`);
  const wants = (s: CoalitionScenarioOptions['scenarios'][number]) => options.scenarios.includes(s);
  const results: ScenarioResult[] = [];
  try {
    const computes = wants('network') || wants('pushdown') || wants('funnel');
    const computing = computes ? await coalition.startGateway({ name: 'gateway-cache-off', answerCacheMb: 0 }) : null;
    const run: Run = { options, dataset, coalition, token: coalition.token({ role: 'backbone_analyst' }), scale, computing };
    if (wants('network') || wants('pushdown')) results.push(...(await networkScenarios(run, wants('network'), wants('pushdown'))));
    if (wants('cache')) results.push(...(await cacheScenarios(run)));
    if (wants('person')) results.push(await personScenario(run));
    if (wants('dashboard')) results.push(...(await dashboardScenario(run)));
    if (wants('funnel')) results.push(await funnelScenario(run));
    if (wants('replicas')) results.push(await replicasScenario(coalition, options.dashboard, scale, log));
    if (wants('routers')) results.push(...(await routersScenario({ dataset, coalition, scale, runs: options.networkRuns, people: options.people, log })));
  } finally {
    await coalition.stop();
  }
  return inRowOrder(results);
}

/** 1b to 1e: the answer cache on scenario 1's question (first ask, warm, after one partner's import) and its memory when full. */
async function cacheScenarios({ options, dataset, coalition, token, scale }: Run): Promise<ScenarioResult[]> {
  const run: CacheRun = { dataset, coalition, token, runs: options.networkRuns, scale, log: options.log };
  const pooled = await pooledClient(dataset);
  try {
    const rows = [await firstAskRow(run, pooled), await warmRow(run)];
    rows.push(await importRow(run, pooled));
    for (const r of rows)
      options.log(`  ${r.scenario.slice(0, 3)} ${r.subject.median.toFixed(1)} ms, ${r.baseline.median.toFixed(1)} ms baseline (${r.ratio.toFixed(2)}x)`);
    rows.push(await cacheMemoryRow(run, options.cacheMemory ?? { megabytes: 16 }));
    return rows;
  } finally {
    await pooled.end();
  }
}

/** 1: a network indicator against the pooled statement; 2: the same without pushdown against 1. */
async function networkScenarios(
  { options, dataset, coalition, token, scale, computing }: Run,
  withNetwork: boolean,
  withPushdown: boolean,
): Promise<ScenarioResult[]> {
  const { log } = options;
  const results: ScenarioResult[] = [];
  const url = computing!.url;
  const network = await timeNetwork(dataset, url, token, options.networkRuns);
  const s = summarize(network.gateway);
  const b = summarize(network.pooled);
  const ratio = s.median / b.median;
  log(`  network: gateway ${s.median.toFixed(0)} ms, pooled ${b.median.toFixed(0)} ms (${ratio.toFixed(2)}x)`);
  if (withNetwork) {
    results.push({
      scenario: `1. network indicator EMP_Q2 by partner x sex x race, PY2024 vs PY2023 (${scale})`,
      subject: s,
      baseline: { name: 'one SQL statement on the pooled database', ...b },
      ratio,
      rate: `${network.cells} cells, equal to pooled; answer cache off (every run computed); target 1.5x ${ratio <= 1.5 ? 'met' : 'missed'}`,
      details: {
        partners: dataset.partners.length,
        perPartner: options.perPartner,
        records: dataset.records,
        people: dataset.people,
        sharedPeople: dataset.sharedPeople,
      },
    });
  }
  if (withPushdown && coalition.rowsGatewayUrl) {
    const rowsUrl = coalition.rowsGatewayUrl;
    // Same answer first, or the timing means nothing.
    assertSameCells(await gatewayNetwork(rowsUrl, token), await gatewayNetwork(url, token), 'gateway without pushdown');
    const rows: number[] = [];
    for (let run = 0; run < Math.max(3, Math.ceil(options.networkRuns / 2)); run++) rows.push((await timed(() => gatewayNetwork(rowsUrl, token))).ms);
    const r = summarize(rows);
    log(`  without pushdown: ${r.median.toFixed(0)} ms`);
    results.push({
      scenario: `2. the same without pushdown: every qualifying record shipped to the gateway and aggregated there (${scale})`,
      subject: r,
      baseline: { name: 'the gateway with pushdown (scenario 1)', ...s },
      ratio: r.median / s.median,
      rate: 'same cells',
    });
  }
  return results;
}

/** 3: one person's records from every partner against one pooled statement. */
async function personScenario({ options, dataset, coalition, scale }: Run): Promise<ScenarioResult> {
  const pooled = await pooledClient(dataset);
  try {
    const views = await timePersonView(dataset, coalition, pooled, await samplePeople(pooled, options.people));
    const s = summarize(views.gateway);
    const b = summarize(views.pooled);
    options.log(
      `  person view: ${s.median.toFixed(1)} ms median, ${range(views.requestsPerView)} subgraph requests, ${range(views.statementsPerView)} SQL statements per view`,
    );
    return {
      scenario: `3. person view: one person's records, stage events and outcomes from every partner (${scale})`,
      subject: s,
      baseline: { name: 'one SQL statement on the pooled database', ...b },
      ratio: s.median / b.median,
      rate: `${range(views.requestsPerView)} subgraph requests and ${range(views.statementsPerView)} SQL statements per view; ${range(views.records)} records each`,
      details: { requestsPerView: views.requestsPerView, statementsPerView: views.statementsPerView, records: views.records, holders: views.holders },
    };
  } finally {
    await pooled.end();
  }
}

/** A load against the direct baseline: throughput and p95, and how many times the direct call is faster. */
function againstDirect(load: LoadResult, direct: LoadResult): string {
  return `${load.throughput.toFixed(1)} req/s vs ${direct.throughput.toFixed(1)} req/s direct (${(direct.throughput / load.throughput).toFixed(2)}x); p95 ${load.latency.p95.toFixed(0)} ms vs ${direct.latency.p95.toFixed(0)} ms direct (${(load.latency.p95 / direct.latency.p95).toFixed(2)}x)`;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** 4: releases approved, then funders' dashboard questions under concurrent load (released, then live warm), against one partner answering them directly. */
async function dashboardScenario({ options, dataset, coalition, scale }: Run): Promise<ScenarioResult[]> {
  const load = await dashboardLoad(dataset, coalition, options.dashboard);
  const { gateway, live, direct, approvals, personViews } = load;
  // Errors are reported, not thrown: a benchmark that hides failures under load would flatter.
  const failed = (name: string, l: LoadResult) => (l.errors ? `${l.errors} ${name} (first: ${l.firstError?.slice(0, 160)})` : '');
  const failures = [failed('released', gateway), failed('live', live), failed('direct', direct)].filter(Boolean);
  const errors = failures.length ? `; ERRORS: ${failures.join(', ')}` : '';
  if (errors) options.log(`  dashboard${errors}`);
  const pct = (part: number, whole: number) => `${whole ? ((100 * part) / whole).toFixed(1) : '0.0'}%`;
  const loss = (a: (typeof approvals)[number]) =>
    a.audit
      ? `, audit ${a.audit.seconds.toFixed(1)} s; ${a.audit.informationLoss.map((l) => `${l.role} loses ${pct(l.cellsSuppressed, l.cells)} of ${l.cells} cells, ${pct(l.peopleInSuppressedCells, l.people)} of people-in-cells`).join(', ')}`
      : '';
  const years = approvals.map((a) => `PY${a.programYear} ${a.ms.toFixed(0)} ms, ${kib(a.sizeBytes)} stored, ${a.figureCount} figures${loss(a)}`).join('; ');
  const p95s = `person view p95 ${personViews.idle.p95.toFixed(0)} ms idle, ${personViews.during.p95.toFixed(0)} ms during approval (${personViews.p95Ratio.toFixed(2)}x; target under 3x ${personViews.p95Ratio < 3 ? 'met' : 'missed'})`;
  options.log(`  releases approved: ${years}; ${p95s}`);
  options.log(`  dashboard released: ${againstDirect(gateway, direct)}`);
  options.log(`  dashboard live warm: ${againstDirect(live, direct)}`);
  // The releases are approved by now: the overview page a funder opens, as the dashboard asks it.
  const overview = await overviewPageRow(options, coalition, scale);
  const shape = `concurrency ${options.dashboard.concurrency}, ${options.dashboard.durationMs / 1000} s (${scale})`;
  const baseline = { name: 'the same questions to one partner subgraph directly', ...direct.latency };
  return [
    {
      scenario: `4. dashboard load: 5 funder queries reading the approved release (their default), ${shape}`,
      subject: gateway.latency,
      baseline,
      ratio: gateway.latency.median / direct.latency.median,
      rate: `${againstDirect(gateway, direct)}; gateway memory ${mib(load.gatewayMemoryBeforeBytes)} before, ${mib(load.gatewayMemoryBytes)} after${errors}`,
      details: { gateway, direct, gatewayMemoryBytes: load.gatewayMemoryBytes, gatewayMemoryBeforeBytes: load.gatewayMemoryBeforeBytes },
    },
    {
      scenario: `4. dashboard load: the same queries reading live warm figures (release: "LIVE"), ${shape}`,
      subject: live.latency,
      baseline,
      ratio: live.latency.median / direct.latency.median,
      rate: `${againstDirect(live, direct)}; gateway memory ${mib(load.gatewayMemoryAfterLiveBytes)} after${errors}`,
      details: { live, direct, gatewayMemoryAfterLiveBytes: load.gatewayMemoryAfterLiveBytes },
    },
    {
      scenario: `4. release approval: PY2023, then PY2024 while a person views people one at a time (${scale})`,
      subject: personViews.during,
      baseline: { name: 'the same person views, nothing else running', ...personViews.idle },
      ratio: personViews.during.median / personViews.idle.median,
      rate: `${years}; ${p95s}`,
      details: { approvals, personViews },
    },
    overview,
  ];
}

const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString('en-US')} KB`;

/** 4b: the dashboard's overview page for a funder (released figures), its data complete, and what its first view downloads. */
async function overviewPageRow(options: CoalitionScenarioOptions, coalition: Run['coalition'], scale: string): Promise<ScenarioResult> {
  const dir = defaultDashboardDir();
  const bundle = firstViewBytes(dir);
  // Quick runs have a shorter dashboard load (5 s, against 30 s): the options carry no other sign of them.
  const loads = options.dashboard.durationMs < 30_000 ? 5 : 20;
  const funder = coalition.token({ role: 'funder', portfolio: 'ALL' });
  const pages = await overviewPageLoads(coalition.gatewayUrl, funder, join(dir, 'persisted-operations.json'), loads);
  const page = summarize(pages.pageMs.length ? pages.pageMs : [0]);
  const request = summarize(pages.requestMs.length ? pages.requestMs : [0]);
  const errors = pages.errors.length ? `; ERRORS: ${pages.errors.length} (first: ${pages.errors[0].slice(0, 160)})` : '';
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  const complete = pages.pageMs.length === loads && page.p95 < 1000;
  options.log(
    `  dashboard overview page: complete median ${page.median.toFixed(0)} ms, p95 ${page.p95.toFixed(0)} ms (target < 1,000 ms); requests median ${request.median.toFixed(0)} ms, p95 ${request.p95.toFixed(0)} ms; first view ${kb(bundle.totalGzipBytes)} gzipped (target < 300 KB)${errors}`,
  );
  return {
    scenario: `4b. dashboard overview page (funder, released): data complete, ${loads} page loads one after another (${scale})`,
    subject: page,
    baseline: { name: "one of the page's GraphQL requests", ...request },
    ratio: page.median / request.median,
    rate: `${pages.pageMs.length} of ${loads} pages complete, ${pages.requestMs.length} requests answered; target p95 under 1 s ${met(complete)}; first view ${kb(bundle.totalGzipBytes)} gzipped in ${bundle.files.length} files, target under 300 KB ${met(bundle.totalGzipBytes < 300_000)}${errors}`,
    details: { pageMs: pages.pageMs, requestMs: pages.requestMs, errors: pages.errors.slice(0, 20), firstView: bundle },
  };
}

/** 6: the WORKFORCE funnel with its transition matrix against one pooled statement. */
async function funnelScenario({ options, dataset, token, scale, computing }: Run): Promise<ScenarioResult> {
  const pooled = await pooledClient(dataset);
  const gateway = computing!;
  try {
    const memoryBefore = await gateway.memory();
    const funnel = await timeFunnel(gateway.url, token, pooled, Math.max(3, Math.ceil(options.networkRuns / 2)));
    const memoryAfter = await gateway.memory();
    const s = summarize(funnel.gateway);
    const b = summarize(funnel.pooled);
    options.log(
      `  funnel: gateway ${s.median.toFixed(0)} ms, pooled ${b.median.toFixed(0)} ms (${(s.median / b.median).toFixed(2)}x), ${funnel.people.toLocaleString('en-US')} people entered`,
    );
    return {
      scenario: `6. pathway funnel WORKFORCE (6 stages) by partner, with the partner-by-partner transition matrix (${scale})`,
      subject: s,
      baseline: { name: 'one SQL statement on the pooled database (lateral lookups per person and stage)', ...b },
      ratio: s.median / b.median,
      rate: `${funnel.people.toLocaleString('en-US')} people, ${funnel.handoffs} handoff cells, equal to pooled; answer cache off; gateway memory ${mib(memoryBefore)} before, ${mib(memoryAfter)} after`,
      details: { people: funnel.people, handoffs: funnel.handoffs, gatewayMemoryBeforeBytes: memoryBefore, gatewayMemoryBytes: memoryAfter },
    };
  } finally {
    await pooled.end();
  }
}
