import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import type { Dataset } from './coalition/dataset';
import type { RunningCoalition } from './coalition/services';
import type { LoadRequest } from './load';

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

/** The latest computable version of each indicator, straight from the registry's database. */
export async function definitions(dataset: Dataset, codes: readonly string[]): Promise<Map<string, { kind: string; spec: unknown }>> {
  const client = new Client({ connectionString: dataset.registryUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT DISTINCT ON (code) code, kind, definition FROM indicator_definition WHERE code = ANY($1) ORDER BY code, version DESC`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, { kind: r.kind, spec: r.definition }]));
  } finally {
    await client.end();
  }
}
