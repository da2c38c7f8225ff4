import type { Dataset } from './coalition/dataset';
import type { RunningCoalition } from './coalition/services';
import { definitions, DIRECT_CELLS_QUERY, directRequest, programYear } from './direct';
import { postChecked, runLoad, type LoadRequest, type LoadResult } from './load';

/** A funder's dashboard: five network figures, as a dashboard would ask them through the gateway. */
export const DASHBOARD = [
  { code: 'EMP_Q2', by: ['SEX'], compareTo: true },
  { code: 'EMP_Q2', by: ['RACE_GROUP'], compareTo: false },
  { code: 'EARN_Q2', by: ['AGE_BAND'], compareTo: false },
  { code: 'COMPLETION', by: ['PARTNER'], compareTo: false },
  { code: 'EXITERS', by: [], compareTo: false },
] as const;

const gatewayQuery = (q: (typeof DASHBOARD)[number]) => `query Dashboard {
  networkIndicator(code: "${q.code}", period: { programYear: 2024 }, by: [${q.by.join(', ')}]${q.compareTo ? ', compareTo: { programYear: 2023 }' : ''}) {
    code period cells { key current { people value suppressed } previous { people value suppressed } change }
    total { current { people value suppressed } }
  }
}`;

export interface DashboardResult {
  gateway: LoadResult;
  direct: LoadResult;
  /** the gateway process's resident memory after the load, in bytes */
  gatewayMemoryBytes: number;
  gatewayMemoryBeforeBytes: number;
}

/**
 * The five dashboard queries round-robin at `concurrency` for `durationMs` through the gateway
 * as a funder (disclosure control applies), then the same questions asked of one partner
 * subgraph directly (its cells for the same indicator, period and dimensions; each request signed
 * as the gateway signs), for the same time: the gateway's overhead as a ratio.
 */
export async function dashboardLoad(
  dataset: Dataset,
  coalition: RunningCoalition,
  options: { concurrency: number; durationMs: number },
): Promise<DashboardResult> {
  const funder = { authorization: `Bearer ${coalition.token({ role: 'funder', portfolio: 'ALL' })}` };
  const gatewayBodies = DASHBOARD.map((q) => JSON.stringify({ query: gatewayQuery(q) }));
  // Warm up: each question once (the first answer decides suppression; later ones reuse it).
  for (const body of gatewayBodies) await postChecked({ url: coalition.gatewayUrl, headers: funder, body });
  const memoryBefore = await coalition.gatewayMemory();
  const gateway = await runLoad({
    ...options,
    next: (i): LoadRequest => ({ url: coalition.gatewayUrl, headers: funder, body: gatewayBodies[i % gatewayBodies.length] }),
  });
  const memoryAfter = await coalition.gatewayMemory();

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
  const direct = await runLoad({ ...options, next: (i) => sign(directBodies[i % directBodies.length]) });
  return { gateway, direct, gatewayMemoryBytes: memoryAfter, gatewayMemoryBeforeBytes: memoryBefore };
}
