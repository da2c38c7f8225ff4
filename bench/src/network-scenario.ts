import { Client } from 'pg';
import type { Dataset } from './coalition/dataset';
import { graphql, timed } from './timing';

/** Scenario 1 asks this: the employment rate by partner x sex x race, program year 2024 against 2023. */
export const NETWORK_QUERY = `query NetworkEmployment {
  networkIndicator(code: "EMP_Q2", period: { programYear: 2024 }, compareTo: { programYear: 2023 }, by: [PARTNER, SEX, RACE_GROUP]) {
    cells { key current { people numerator value } previous { people numerator value } }
  }
}`;

interface Answer {
  networkIndicator: { cells: Array<{ key: string; current: Figure | null; previous: Figure | null }> };
}
interface Figure {
  people: number | null;
  numerator: number | null;
  value: number | null;
}

const RACE_GROUP = `CASE (SELECT count(DISTINCT r) FROM unnest(p.race_ethnicity) r) WHEN 0 THEN 'NOT_REPORTED' WHEN 1 THEN p.race_ethnicity[1] ELSE 'MULTIRACIAL' END`;

/**
 * The same figures from one statement over the pooled database: what a coalition that copies
 * everything into one database would run. People count once per period, at their latest
 * qualifying record (ties: first partner id, then local id), as the gateway counts them.
 */
export const POOLED_NETWORK_SQL = `
  WITH qualifying AS (
    SELECT CASE WHEN p.exited_on >= DATE '2024-07-01' THEN 'current' ELSE 'previous' END AS period,
           p.partner_id, p.local_id, p.gsid, p.exited_on AS anchor_on, p.sex, ${RACE_GROUP} AS race_group,
           EXISTS (SELECT 1 FROM outcome o WHERE o.partner_id = p.partner_id AND o.participant_local_id = p.local_id
                     AND o.indicator_code = 'EMP_Q2' AND o.period = 'Q2_AFTER_EXIT' AND o.value_boolean) AS hit
      FROM participant p
     WHERE p.exited_on >= DATE '2023-07-01' AND p.exited_on < DATE '2025-07-01'
       AND EXISTS (SELECT 1 FROM outcome o WHERE o.partner_id = p.partner_id AND o.participant_local_id = p.local_id
                     AND o.indicator_code = 'EMP_Q2' AND o.period = 'Q2_AFTER_EXIT')
  ), counted AS (
    SELECT DISTINCT ON (period, coalesce(gsid, partner_id || '/' || local_id)) *
      FROM qualifying
     ORDER BY period, coalesce(gsid, partner_id || '/' || local_id), anchor_on DESC, partner_id COLLATE "C", local_id
  )
  SELECT period, partner_id, sex, race_group, count(*)::int AS people, count(*) FILTER (WHERE hit)::int AS numerator
    FROM counted GROUP BY period, partner_id, sex, race_group`;

/**
 * A session on the pooled database as its administrator would tune it: JIT off (for this query
 * it spends about 2 s compiling on every run) and sorts in memory. The strongest fair baseline.
 */
export async function pooledClient(dataset: Dataset): Promise<Client> {
  const client = new Client({ connectionString: dataset.pooledUrl });
  await client.connect();
  await client.query(`SET jit = off; SET work_mem = '64MB'`);
  return client;
}

export type CellCounts = Map<string, { people: number; numerator: number }>;

export async function pooledNetwork(client: Client): Promise<CellCounts> {
  const { rows } = await client.query(POOLED_NETWORK_SQL);
  return new Map(
    rows.map((r) => [`${r.period} PARTNER=${r.partner_id}|SEX=${r.sex}|RACE_GROUP=${r.race_group}`, { people: r.people, numerator: r.numerator }]),
  );
}

export async function gatewayNetwork(url: string, token: string): Promise<CellCounts> {
  const data = await graphql<Answer>(url, NETWORK_QUERY, {}, { authorization: `Bearer ${token}` });
  const counts: CellCounts = new Map();
  for (const cell of data.networkIndicator.cells) {
    for (const [period, figure] of [
      ['current', cell.current],
      ['previous', cell.previous],
    ] as const) {
      if (figure?.people) counts.set(`${period} ${cell.key}`, { people: figure.people, numerator: figure.numerator ?? 0 });
    }
  }
  return counts;
}

/** Throws unless both sides give the same cells: timing a wrong answer would be meaningless. */
export function assertSameCells(subject: CellCounts, baseline: CellCounts, what: string): void {
  const keys = new Set([...subject.keys(), ...baseline.keys()]);
  for (const key of keys) {
    const a = subject.get(key);
    const b = baseline.get(key);
    if (a?.people !== b?.people || a?.numerator !== b?.numerator) {
      throw new Error(`${what}: cell ${key} is ${JSON.stringify(a)} but the pooled database says ${JSON.stringify(b)}`);
    }
  }
  if (!keys.size) throw new Error(`${what}: no cells at all`);
}

export interface NetworkTimings {
  gateway: number[];
  pooled: number[];
  cells: number;
}

/** Alternates the gateway and the pooled statement, `runs` times each after one warm-up of each. */
export async function timeNetwork(dataset: Dataset, url: string, token: string, runs: number): Promise<NetworkTimings> {
  const client = await pooledClient(dataset);
  try {
    const expected = await pooledNetwork(client);
    assertSameCells(await gatewayNetwork(url, token), expected, 'gateway');
    const gateway: number[] = [];
    const pooled: number[] = [];
    for (let run = 0; run < runs; run++) {
      gateway.push((await timed(() => gatewayNetwork(url, token))).ms);
      pooled.push((await timed(() => pooledNetwork(client))).ms);
    }
    return { gateway, pooled, cells: expected.size };
  } finally {
    await client.end();
  }
}
