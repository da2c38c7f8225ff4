import { Coverage } from '../coverage';
import type { ServiceClient } from '../analytics/service-client';
import type { PartnerEntry } from '../upstream/target';
import { PartnerDataVersionDocument } from '../upstream/generated/partner';

/** Each partner's data version by id; null for a partner that did not give one. */
export type VersionVector = ReadonlyMap<string, string | null>;

export const NO_VERSIONS: VersionVector = new Map();

/**
 * Asks partners their data version (answered from the partner's memory, no SQL). Requests that
 * arrive while a partner's version is being fetched share that fetch; nothing is reused once it
 * has come back, so every request works with a version the partner read after the request began,
 * or a few milliseconds before when it joined a fetch already on its way.
 */
export class PartnerVersions {
  private readonly inFlight = new Map<string, Promise<string | null>>();

  constructor(private readonly client: ServiceClient) {}

  async of(partners: readonly PartnerEntry[]): Promise<VersionVector> {
    const versions = await Promise.all(partners.map((partner) => this.version(partner)));
    return new Map(partners.map((partner, i) => [partner.id, versions[i]]));
  }

  private version(partner: PartnerEntry): Promise<string | null> {
    const key = `${partner.id} ${partner.endpoint}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const fetched = this.ask(partner).finally(() => {
      if (this.inFlight.get(key) === fetched) this.inFlight.delete(key);
    });
    this.inFlight.set(key, fetched);
    return fetched;
  }

  /**
   * A coverage of its own: the fetch is shared between requests, and a partner that gives no
   * version is asked the question itself, uncached, so its outage enters each request's coverage
   * as it always has. A partner that refuses the question (one too old to know it) is no different.
   */
  private async ask(partner: PartnerEntry): Promise<string | null> {
    try {
      const data = await this.client.partner(partner, PartnerDataVersionDocument, { partnerId: partner.id }, new Coverage());
      return data?.dataVersion ?? null;
    } catch {
      return null;
    }
  }
}
