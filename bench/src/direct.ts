import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import type { Dataset } from './coalition/dataset';
import type { RunningCoalition } from './coalition/services';
import { type LoadRequest, postChecked } from './load';
import { timed } from './timing';

export const DIRECT_CELLS_QUERY = `query PartnerCells($partnerId: ID!, $kind: String!, $spec: JSONObject!, $period: JSONObject!, $by: [Dimension!]!) {
  indicatorCells(partnerId: $partnerId, kind: $kind, spec: $spec, period: $period, by: $by) { cells { key people numerator sum sortedValues } }
}`;

export const programYear = (year: number) => ({ kind: 'dates', from: `${year}-07-01`, before: `${year + 1}-07-01`, label: `PY${year}` });

/** A request to one partner subgraph signed as the gateway's analytics service signs it. */
export function directRequest(coalition: RunningCoalition, partnerId: string): (body: string) => LoadRequest {
  const signer = new ProofSigner({ algorithm: 'ES256', key: coalition.proofKeys.privateKey });
  const caller = { subject: 'coalition-gateway:analytics', role: 'backbone_analyst' as const };
  const url = coalition.partnerUrls.get(partnerId)!;
  return (body) => ({ url, body, headers: { [PROOF_HEADER]: signer.sign(partnerId, body, caller, randomUUID(), 'analytics') } });
}

/** The latest computable version of each indicator (every one in the catalogue without `codes`), straight from the registry's database. */
export async function definitions(dataset: Dataset, codes?: readonly string[]): Promise<Map<string, { kind: string; spec: unknown }>> {
  const client = new Client({ connectionString: dataset.registryUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT DISTINCT ON (code) code, kind, definition FROM indicator_definition WHERE $1::text[] IS NULL OR code = ANY($1) ORDER BY code, version DESC`,
      [codes ?? null],
    );
    return new Map(rows.map((r) => [r.code, { kind: r.kind, spec: r.definition }]));
  } finally {
    await client.end();
  }
}

/** The question the gateway asks each partner for a network indicator: both periods, shared people and cells, in one request. */
export const DIRECT_SHARE_QUERY = `query PartnerShare($partnerId: ID!, $kind: String!, $spec: JSONObject!, $periods: [JSONObject!]!, $by: [Dimension!]!, $shared: [ID!]!) {
  indicatorShare(partnerId: $partnerId, kind: $kind, spec: $spec, periods: $periods, by: $by, shared: $shared) {
    cells { key people numerator sum sortedValues } records
  }
}`;

/** The GSIDs of a partner's people who are linked at another partner too, from the registry's database (what the gateway sends it as `shared`). */
export async function sharedGsidsOf(dataset: Dataset, partnerId: string): Promise<string[]> {
  const client = new Client({ connectionString: dataset.registryUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT DISTINCT l.gsid FROM stakeholder_link l
        WHERE l.partner_id = $1 AND EXISTS (SELECT 1 FROM stakeholder_link o WHERE o.gsid = l.gsid AND o.partner_id <> $1)`,
      [partnerId],
    );
    return rows.map((r) => r.gsid as string);
  } finally {
    await client.end();
  }
}

/**
 * One partner's own share of scenario 1, asked directly and alone, after one unmeasured ask: the
 * very question the gateway sends it (indicatorShare, both periods, its shared people).
 */
export async function partnerAlone(dataset: Dataset, coalition: RunningCoalition, runs: number, partner = dataset.partners[0]): Promise<number[]> {
  const spec = (await definitions(dataset, ['EMP_Q2'])).get('EMP_Q2')!;
  const shared = await sharedGsidsOf(dataset, partner.id);
  const sign = directRequest(coalition, partner.id);
  const body = JSON.stringify({
    query: DIRECT_SHARE_QUERY,
    variables: {
      partnerId: partner.id,
      kind: spec.kind,
      spec: spec.spec,
      periods: [programYear(2024), programYear(2023)],
      by: ['PARTNER', 'SEX', 'RACE_GROUP'],
      shared,
    },
  });
  await postChecked(sign(body));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push((await timed(() => postChecked(sign(body)))).ms);
  return times;
}

const DATA_VERSION_QUERY = `query DataVersion($partnerId: ID!) { dataVersion(partnerId: $partnerId) }`;

/** A partner's data version as the gateway reads it (the internal field, from the partner's memory). */
export async function dataVersionOf(coalition: RunningCoalition, partnerId: string): Promise<string> {
  const request = directRequest(coalition, partnerId)(JSON.stringify({ query: DATA_VERSION_QUERY, variables: { partnerId } }));
  const response = await fetch(request.url, { method: 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: request.body });
  const body = (await response.json()) as { data?: { dataVersion?: string }; errors?: Array<{ message: string }> };
  const version = body.data?.dataVersion;
  if (!response.ok || version == null)
    throw new Error(`dataVersion of ${partnerId} (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  return version;
}

/** Each partner's data version, by id. */
export async function dataVersions(coalition: RunningCoalition, partnerIds: readonly string[]): Promise<Map<string, string>> {
  return new Map(await Promise.all(partnerIds.map(async (id) => [id, await dataVersionOf(coalition, id)] as const)));
}

/**
 * Waits until every partner in `before` gives another version: the partner learns of a commit by
 * notification, so a question asked once this returns is answered at the new data.
 */
export async function untilVersionsMove(coalition: RunningCoalition, before: ReadonlyMap<string, string>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const waiting = new Map(before);
  while (waiting.size) {
    for (const [id, version] of await dataVersions(coalition, [...waiting.keys()])) if (version !== waiting.get(id)) waiting.delete(id);
    if (!waiting.size) return;
    if (Date.now() > deadline) throw new Error(`data version of ${[...waiting.keys()].join(', ')} did not move within ${timeoutMs} ms of a commit`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
