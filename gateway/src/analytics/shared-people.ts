import type { PartnerEntry } from '../fanout/partner-directory';
import { SharedPeopleDocument } from '../upstream/generated/registry';
import type { ServiceClient } from './service-client';

/** Partner -> the shared GSIDs it holds; "partner gsid" -> the surviving GSID. */
export interface SharedPeople {
  asked: Map<string, string[]>;
  survivorOf: Map<string, string>;
}

export const NO_SHARED_PEOPLE: SharedPeople = { asked: new Map(), survivorOf: new Map() };

/**
 * People linked at two or more partners, from the registry: who each partner is asked about,
 * and whose they are. Fetched again only when the partner set or the registry's linkage version
 * changed; the list comes back with the version read before it, so it is never older than the
 * version it is kept under. One cache serves indicators and pathways.
 */
export class SharedPeopleCache {
  private entry: { partners: string; version: string; people: Promise<SharedPeople> } | null = null;

  constructor(private readonly client: ServiceClient) {}

  get(partners: readonly PartnerEntry[], version: string): Promise<SharedPeople> {
    const key = partners.map((p) => p.id).join(' ');
    if (this.entry && this.entry.partners === key && this.entry.version === version) return this.entry.people;
    const entry = { partners: key, version, people: this.fetch(partners) };
    this.entry = entry;
    entry.people.then(
      (people) => {
        if (this.entry === entry) this.entry = { ...entry, version: people.version };
      },
      () => {
        if (this.entry === entry) this.entry = null;
      },
    );
    return entry.people;
  }

  private async fetch(partners: readonly PartnerEntry[]): Promise<SharedPeople & { version: string }> {
    const data = await this.client.registry(SharedPeopleDocument, { partnerIds: partners.map((p) => p.id) });
    const shared = { asked: new Map<string, string[]>(), survivorOf: new Map<string, string>(), version: data.sharedStakeholders.version };
    for (const person of data.sharedStakeholders.people) {
      for (const { partnerId, gsid } of person.members) {
        shared.survivorOf.set(`${partnerId} ${gsid}`, person.gsid);
        const list = shared.asked.get(partnerId);
        if (list) list.push(gsid);
        else shared.asked.set(partnerId, [gsid]);
      }
    }
    return shared;
  }
}
