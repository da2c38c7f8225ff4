import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Coverage } from '../coverage';
import type { ServiceClient } from '../analytics/service-client';
import type { PartnerEntry } from '../upstream/target';
import { answered } from '../upstream/outcome';
import type { AnswerCache } from './answer-cache';
import { partnerAnswerKey, publishedAnswerKey, type PublishedKeyParts } from './keys';
import type { AnswerCacheMetrics } from './metrics';
import { NO_VERSIONS, PartnerVersions, type VersionVector } from './partner-versions';

/** What a published answer is kept by, besides the partners' versions. */
export type PublishedQuestion = Omit<PublishedKeyParts, 'versions'>;

/** Every partner's version, or null when one of them gave none (then no published answer is kept or read). */
function complete(versions: VersionVector): ReadonlyMap<string, string> | null {
  for (const version of versions.values()) if (version === null) return null;
  return versions as ReadonlyMap<string, string>;
}

/**
 * The analytics engines' answers, kept at two levels. A partner's answer to an internal question
 * stands while that partner's data version does, so one partner's import re-costs only its own
 * share of the next answer. A published answer stands while every input does: every partner's
 * version, the registry's linkage version, the question with its definition, and the disclosure
 * decision. With no cache, questions go straight to the partners and no version is asked.
 */
export class AnswerCaching {
  private readonly versions: PartnerVersions | null;

  constructor(
    private readonly client: ServiceClient,
    private readonly cache: AnswerCache | null,
    private readonly metrics?: AnswerCacheMetrics,
  ) {
    this.versions = cache ? new PartnerVersions(client) : null;
  }

  /** The partners' versions, asked before any question they are used for: an answer is never older than its key. */
  versionsOf(partners: readonly PartnerEntry[]): Promise<VersionVector> {
    return this.versions ? this.versions.of(partners) : Promise.resolve(NO_VERSIONS);
  }

  /**
   * `ServiceClient.partner`, answered from the cache when the partner gave a version and this
   * question was answered at it. A kept answer counts in the coverage as the partner answering.
   */
  async partner<Result, Variables>(
    versions: VersionVector,
    partner: PartnerEntry,
    document: TypedDocumentNode<Result, Variables>,
    variables: NoInfer<Variables>,
    coverage: Coverage,
  ): Promise<Result | null> {
    const version = versions.get(partner.id);
    if (!this.cache || version == null) return this.client.partner(partner, document, variables, coverage);
    const key = partnerAnswerKey(partner.id, version, document, variables);
    const kept = await this.cache.get<Result>(key);
    if (kept !== undefined) {
      this.metrics?.hit('partner');
      coverage.record({ partnerId: partner.id }, answered(null));
      return kept;
    }
    this.metrics?.miss('partner');
    const data = await this.client.partner(partner, document, variables, coverage);
    if (data !== null) void this.cache.set(key, data);
    return data;
  }

  /**
   * A published answer from the cache, or computed and kept. Computed answers with a missing
   * partner are not kept; a request whose coverage already misses a partner (another field of it)
   * computes, so that answer's partial-figure rules apply as they would. A kept answer's partners
   * are recorded as answering, and its coverage is the request's, as a computed one's is.
   */
  async published<T extends { coverage: object }>(
    question: PublishedQuestion,
    versions: VersionVector,
    coverage: Coverage,
    compute: () => Promise<T>,
  ): Promise<T> {
    const known = complete(versions);
    if (!this.cache || !known || coverage.summary().missing.length) return compute();
    const key = publishedAnswerKey({ ...question, versions: known });
    const kept = await this.cache.get<T>(key);
    if (kept !== undefined) {
      this.metrics?.hit('published');
      for (const partnerId of known.keys()) coverage.record({ partnerId }, answered(null));
      return { ...kept, coverage: { ...kept.coverage, ...coverage.summary() } };
    }
    this.metrics?.miss('published');
    const result = await compute();
    if (!coverage.summary().missing.length) void this.cache.set(key, result);
    return result;
  }
}
