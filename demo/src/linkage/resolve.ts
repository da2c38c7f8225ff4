import type { LinkageService, ResolveOutcome } from '@coalition/registry';
import { deriveLinkageKeys, encodeIdentity, normalizeIdentity, type LinkageEncoding } from '@coalition/shared/linkage';
import type { LabelledRecord } from './population';
import type { ResolvedRecord } from './evaluate';

/** Encodes records as each partner would (normalize, then keyed tokens and Bloom filters). */
export function encodePopulation(records: readonly LabelledRecord[], secret: string, today = '2026-11-23'): LinkageEncoding[] {
  const keys = deriveLinkageKeys(secret);
  return records.map((r) => encodeIdentity(normalizeIdentity(r.identity, today), keys));
}

/**
 * Resolves already-encoded records through the registry's linkage service, partner by partner,
 * in batches, as partner subgraphs do; returns every outcome keyed by `${partnerId}/${localId}`.
 */
export async function resolveEncoded(
  linkage: LinkageService,
  records: readonly LabelledRecord[],
  encodings: readonly LinkageEncoding[],
  batchSize = 1000,
  onBatch?: (done: number) => void,
): Promise<Map<string, ResolvedRecord & ResolveOutcome>> {
  const outcomes = new Map<string, ResolvedRecord & ResolveOutcome>();
  let start = 0;
  while (start < records.length) {
    const partnerId = records[start].partnerId;
    let end = start;
    while (end < records.length && end - start < batchSize && records[end].partnerId === partnerId) end++;
    const batch = records.slice(start, end).map((r, i) => ({ localId: r.localId, encoding: encodings[start + i] }));
    for (const outcome of await linkage.resolve(partnerId, batch)) outcomes.set(`${partnerId}/${outcome.localId}`, outcome);
    start = end;
    onBatch?.(start);
  }
  return outcomes;
}
