import { badInput, isValidGsid, notFound } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { Stakeholder } from './stakeholder.entity';
import { findSurvivors } from './survivors';
import { findSharedPeople, linkageVersion, type SharedPeople } from './shared-people';
import { stakeholderReach, type StakeholderReach } from './reach';
import { StakeholderLink, type LinkMethod } from './stakeholder-link.entity';

export const MAX_BATCH = 500;

export interface NewLink {
  gsid: string;
  partnerId: string;
  localId: string;
  method: LinkMethod;
}

const malformed = (gsid: string) => badInput('gsid', `"${gsid}" is not a well-formed GSID (gs_ followed by 12 characters, last one a check character)`);

export class StakeholderService {
  constructor(private readonly dataSource: DataSource) {}

  /** A GSID that was merged into another resolves to the survivor, so saved queries keep working. */
  async get(gsid: string): Promise<Stakeholder> {
    if (!isValidGsid(gsid)) throw malformed(gsid);
    const survivor = (await findSurvivors(this.dataSource, [gsid])).get(gsid);
    if (!survivor) throw notFound('GSID', gsid, { gsid });
    const stakeholder = await this.dataSource.getRepository(Stakeholder).findOneBy({ gsid: survivor });
    if (!stakeholder) throw notFound('GSID', gsid, { gsid });
    return stakeholder;
  }

  /** Each GSID resolved as get() does; a failure stays in its own list position. */
  async getMany(gsids: readonly string[]): Promise<Array<Stakeholder | Error>> {
    if (gsids.length > MAX_BATCH) throw badInput('gsids', `at most ${MAX_BATCH} at once`, { max: MAX_BATCH });
    // Two statements for the whole list, whatever its length.
    const wellFormed = gsids.filter(isValidGsid);
    const survivors = await findSurvivors(this.dataSource, wellFormed);
    const found = new Map((await this.findByGsids([...new Set(survivors.values())])).map((s) => [s.gsid, s]));
    return gsids.map((gsid) => {
      if (!isValidGsid(gsid)) return malformed(gsid);
      return found.get(survivors.get(gsid) ?? '') ?? notFound('GSID', gsid, { gsid });
    });
  }

  /** People linked at two or more of the partners, by surviving GSID, with the linkage version. */
  shared(partnerIds: readonly string[]): Promise<SharedPeople> {
    return findSharedPeople(this.dataSource, partnerIds);
  }

  /** People linked at some partners, and how many of them are linked at other partners too. */
  reach(partnerIds: readonly string[], seenAt: readonly string[]): Promise<StakeholderReach> {
    return stakeholderReach(this.dataSource, partnerIds, seenAt);
  }

  linkageVersion(): Promise<string> {
    return linkageVersion(this.dataSource);
  }

  /** Each GSID's survivor (itself unless merged), in one statement; unknown GSIDs are left out. */
  survivorsOf(gsids: readonly string[]): Promise<Map<string, string>> {
    return findSurvivors(this.dataSource, gsids);
  }

  findByGsids(gsids: readonly string[]): Promise<Stakeholder[]> {
    return this.dataSource
      .getRepository(Stakeholder)
      .createQueryBuilder('s')
      .where('s.gsid = ANY(:gsids)', { gsids: [...gsids] })
      .getMany();
  }

  linksOf(gsids: readonly string[]): Promise<StakeholderLink[]> {
    return this.dataSource
      .getRepository(StakeholderLink)
      .createQueryBuilder('l')
      .where('l.gsid = ANY(:gsids)', { gsids: [...gsids] })
      .orderBy('l.partner_id')
      .addOrderBy('l.local_id')
      .getMany();
  }

  /** Records links in one transaction: all of them or none. Re-recording an existing link changes nothing. */
  async recordLinks(links: readonly NewLink[]): Promise<void> {
    for (const [index, link] of links.entries()) {
      if (!isValidGsid(link.gsid)) throw badInput(`links[${index}].gsid`, 'is not a well-formed GSID');
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO stakeholder (gsid) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING`, [links.map((l) => l.gsid)]);
      await manager.query(
        `INSERT INTO stakeholder_link (gsid, partner_id, local_id, method)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (partner_id, local_id) DO NOTHING`,
        [links.map((l) => l.gsid), links.map((l) => l.partnerId), links.map((l) => l.localId), links.map((l) => l.method)],
      );
    });
  }
}
