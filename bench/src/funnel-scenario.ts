import type { Client } from 'pg';
import { graphql, timed } from './timing';

const STAGES = ['INTAKE', 'TRAINING', 'CREDENTIAL', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M'];

export const FUNNEL_QUERY = `query Funnel {
  pathwayFunnel(code: "WORKFORCE", by: [PARTNER]) {
    total { stages { stage people } }
    cells { key stages { people medianDaysFromPrevious } }
    transitions { fromStage toStage handoffs { fromPartner toPartner people } }
    coverage { partnersAnswered }
  }
}`;

/**
 * The same funnel as one statement on the pooled database: each person's first INTAKE, then for
 * each later stage their first entry on or after the day they reached the stage before (a
 * lateral index lookup per person and stage), grouped by the partners where they reached each.
 */
export const POOLED_FUNNEL_SQL = `
  WITH s0 AS (
    SELECT DISTINCT ON (p.gsid) p.gsid, s.partner_id AS p0, s.entered_on AS d0
      FROM stage_event s JOIN participant p ON p.partner_id = s.partner_id AND p.local_id = s.participant_local_id
     WHERE s.stage = 'INTAKE' ORDER BY p.gsid, s.entered_on, s.partner_id COLLATE "C"
  )${STAGES.slice(1)
    .map(
      (stage, i) => `, s${i + 1} AS (
    SELECT s${i}.*, x.partner_id AS p${i + 1}, x.entered_on AS d${i + 1} FROM s${i} LEFT JOIN LATERAL (
      SELECT s.partner_id, s.entered_on FROM participant p JOIN stage_event s ON s.partner_id = p.partner_id AND s.participant_local_id = p.local_id
       WHERE p.gsid = s${i}.gsid AND s.stage = '${stage}' AND s.entered_on >= s${i}.d${i}
       ORDER BY s.entered_on, s.partner_id COLLATE "C" LIMIT 1) x ON s${i}.d${i} IS NOT NULL
  )`,
    )
    .join('')}
  SELECT ${STAGES.map((_s, i) => `p${i}`).join(', ')}, count(*)::int AS people FROM s${STAGES.length - 1} GROUP BY ${STAGES.map((_s, i) => `p${i}`).join(', ')}`;

/** Stage totals and the transition matrix, as comparable strings. */
export interface FunnelCounts {
  stages: number[];
  transitions: string[];
}

export async function pooledFunnel(client: Client): Promise<FunnelCounts> {
  const { rows } = await client.query(POOLED_FUNNEL_SQL);
  const stages = STAGES.map(() => 0);
  const transitions = STAGES.slice(1).map(() => new Map<string, number>());
  for (const row of rows) {
    for (let i = 0; i < STAGES.length && row[`p${i}`] !== null; i++) {
      stages[i] += row.people;
      if (i + 1 < STAGES.length) {
        const key = `${row[`p${i}`]}>${row[`p${i + 1}`] ?? ''}`;
        transitions[i].set(key, (transitions[i].get(key) ?? 0) + row.people);
      }
    }
  }
  return { stages, transitions: transitions.flatMap((t, i) => [...t].map(([k, n]) => `${i}:${k}=${n}`)).sort() };
}

interface FunnelAnswer {
  total: { stages: Array<{ people: number }> };
  transitions: Array<{ handoffs: Array<{ fromPartner: string; toPartner: string | null; people: number }> }>;
  coverage: { partnersAnswered: number };
}

export async function gatewayFunnel(url: string, token: string): Promise<FunnelCounts & { partnersAnswered: number }> {
  const { pathwayFunnel: funnel } = await graphql<{ pathwayFunnel: FunnelAnswer }>(url, FUNNEL_QUERY, {}, { authorization: `Bearer ${token}` });
  return {
    stages: funnel.total.stages.map((s) => s.people),
    transitions: funnel.transitions.flatMap((t, i) => t.handoffs.map((h) => `${i}:${h.fromPartner}>${h.toPartner ?? ''}=${h.people}`)).sort(),
    partnersAnswered: funnel.coverage.partnersAnswered,
  };
}

export function assertSameFunnel(subject: FunnelCounts, baseline: FunnelCounts): void {
  const a = JSON.stringify(subject.stages);
  const b = JSON.stringify(baseline.stages);
  if (a !== b) throw new Error(`funnel: the gateway's stage counts ${a} differ from the pooled database's ${b}`);
  const missing = baseline.transitions.filter((t) => !subject.transitions.includes(t));
  const extra = subject.transitions.filter((t) => !baseline.transitions.includes(t));
  if (missing.length || extra.length)
    throw new Error(`funnel: transition matrix differs (pooled only: ${missing.slice(0, 3).join(', ')}; gateway only: ${extra.slice(0, 3).join(', ')})`);
}

/** Checks the answer once, then times the gateway and the pooled statement alternately. */
export async function timeFunnel(
  url: string,
  token: string,
  pooled: Client,
  runs: number,
): Promise<{ gateway: number[]; pooled: number[]; people: number; handoffs: number }> {
  const first = await gatewayFunnel(url, token);
  const baseline = await pooledFunnel(pooled);
  assertSameFunnel(first, baseline);
  const gateway: number[] = [];
  const pooledMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    gateway.push((await timed(() => gatewayFunnel(url, token))).ms);
    pooledMs.push((await timed(() => pooledFunnel(pooled))).ms);
  }
  return { gateway, pooled: pooledMs, people: first.stages[0], handoffs: first.transitions.length };
}
