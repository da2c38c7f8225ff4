import type { Dataset } from './coalition/dataset';
import type { RunningCoalition } from './coalition/services';
import { definitions, DIRECT_CELLS_QUERY, directRequest, programYear } from './direct';
import { postChecked, runLoad, type LoadRequest, type LoadResult } from './load';
import { pooledClient } from './network-scenario';
import { samplePeople } from './person-scenario';
import { approveDashboardReleases, type PersonViewsDuringApproval, type ReleaseTiming } from './release-approval';

/** A funder's dashboard: five network figures, as a dashboard would ask them through the gateway. */
export const DASHBOARD = [
  { code: 'EMP_Q2', by: ['SEX'], compareTo: true },
  { code: 'EMP_Q2', by: ['RACE_GROUP'], compareTo: false },
  { code: 'EARN_Q2', by: ['AGE_BAND'], compareTo: false },
  { code: 'COMPLETION', by: ['PARTNER'], compareTo: false },
  { code: 'EXITERS', by: [], compareTo: false },
] as const;

/** Funders read the newest approved release by default; `release: "LIVE"` asks live figures (FUNDER_LIVE_FIGURES=on). */
const gatewayQuery = (q: (typeof DASHBOARD)[number], release?: 'LIVE') => `query Dashboard {
  networkIndicator(code: "${q.code}", period: { programYear: 2024 }, by: [${q.by.join(', ')}]${q.compareTo ? ', compareTo: { programYear: 2023 }' : ''}${release ? `, release: "${release}"` : ''}) {
    code period cells { key current { people value suppressed } previous { people value suppressed } change }
    total { current { people value suppressed } }
  }
}`;

/** Person views while PY2024 is approved: a handful of people, viewed over and over. */
const PEOPLE_VIEWED = 5;

export interface DashboardResult {
  /** funders reading the approved releases (their default: no release argument) */
  gateway: LoadResult;
  /** funders reading live figures (release: "LIVE"), warm: each question asked once before */
  live: LoadResult;
  direct: LoadResult;
  /** the gateway process's resident memory after the released load, in bytes */
  gatewayMemoryBytes: number;
  gatewayMemoryBeforeBytes: number;
  /** ... and after the live load */
  gatewayMemoryAfterLiveBytes: number;
  /** PY2023 then PY2024, approved before the load */
  approvals: ReleaseTiming[];
  personViews: PersonViewsDuringApproval;
}

export type LoadOptions = { concurrency: number; durationMs: number };

/**
 * The five questions round-robin through the gateway as a funder (disclosure control applies),
 * after one unmeasured round. With several gateway URLs (replicas), requests alternate between
 * them as a round-robin load balancer would send them.
 */
export async function funderLoad(coalition: RunningCoalition, options: LoadOptions, release?: 'LIVE', urls = [coalition.gatewayUrl]): Promise<LoadResult> {
  const funder = { authorization: `Bearer ${coalition.token({ role: 'funder', portfolio: 'ALL' })}` };
  const bodies = DASHBOARD.map((q) => JSON.stringify({ query: gatewayQuery(q, release) }));
  // Warm up: each question once (live, the first answer decides suppression; later ones reuse it). Any error throws.
  for (const body of bodies) await postChecked({ url: urls[0], headers: funder, body });
  return runLoad({
    ...options,
    next: (i): LoadRequest => ({ url: urls[i % urls.length], headers: funder, body: bodies[i % bodies.length] }),
  });
}

/** Each dashboard question's answer from every URL: true when all replicas give the same bytes' worth of data. */
export async function sameAnswers(coalition: RunningCoalition, urls: readonly string[], release?: 'LIVE'): Promise<boolean> {
  const funder = { 'content-type': 'application/json', authorization: `Bearer ${coalition.token({ role: 'funder', portfolio: 'ALL' })}` };
  for (const q of DASHBOARD) {
    const body = JSON.stringify({ query: gatewayQuery(q, release) });
    const answers = await Promise.all(urls.map(async (url) => JSON.stringify(await (await fetch(url, { method: 'POST', headers: funder, body })).json())));
    if (answers.some((a) => a !== answers[0]) || answers[0].includes('"errors"')) return false;
  }
  return true;
}

/** The same questions asked of one partner subgraph directly: its cells for the same indicator, period and dimensions, signed as the gateway signs. */
async function directLoad(dataset: Dataset, coalition: RunningCoalition, options: LoadOptions): Promise<LoadResult> {
  const partner = dataset.partners[0];
  const specs = await definitions(
    dataset,
    DASHBOARD.map((q) => q.code),
  );
  const sign = directRequest(coalition, partner.id);
  const directBodies = DASHBOARD.map((q) => {
    const definition = specs.get(q.code)!;
    return JSON.stringify({
      query: DIRECT_CELLS_QUERY,
      variables: { partnerId: partner.id, kind: definition.kind, spec: definition.spec, period: programYear(2024), by: q.by },
    });
  });
  return runLoad({ ...options, next: (i) => sign(directBodies[i % directBodies.length]) });
}

/** A fixed sample of people at two or more partners, as scenario 3 views them. */
async function peopleToView(dataset: Dataset): Promise<string[]> {
  const pooled = await pooledClient(dataset);
  try {
    return await samplePeople(pooled, PEOPLE_VIEWED);
  } finally {
    await pooled.end();
  }
}

/**
 * Funders read approved releases, so PY2023 and PY2024 are approved first (timed, with person
 * views measured while PY2024 is). Then the five dashboard queries round-robin at `concurrency`
 * for `durationMs` through the gateway as a funder: reading the release, then live warm figures;
 * then the same questions asked of one partner directly, for the same time: the gateway's
 * overhead as a ratio.
 */
export async function dashboardLoad(dataset: Dataset, coalition: RunningCoalition, options: LoadOptions): Promise<DashboardResult> {
  const { approvals, personViews } = await approveDashboardReleases(coalition, await peopleToView(dataset));
  const memoryBefore = await coalition.gatewayMemory();
  const gateway = await funderLoad(coalition, options);
  const memoryAfter = await coalition.gatewayMemory();
  const live = await funderLoad(coalition, options, 'LIVE');
  const memoryAfterLive = await coalition.gatewayMemory();
  const direct = await directLoad(dataset, coalition, options);
  return {
    gateway,
    live,
    direct,
    gatewayMemoryBytes: memoryAfter,
    gatewayMemoryBeforeBytes: memoryBefore,
    gatewayMemoryAfterLiveBytes: memoryAfterLive,
    approvals,
    personViews,
  };
}
