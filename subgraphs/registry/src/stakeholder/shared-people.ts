import { Field, ID, ObjectType } from 'type-graphql';
import { PARTNER_ID_PATTERN, badInput } from '@coalition/shared';
import { survivorCte, type Queryable } from './survivors';

@ObjectType({ description: "A partner's GSID for a person (a merged GSID until the partner catches up)." })
export class PartnerGsid {
  @Field((_type) => ID)
  partnerId!: string;

  @Field((_type) => ID)
  gsid!: string;
}

@ObjectType({ description: 'A person linked to records at two or more of the given partners.' })
export class SharedPerson {
  @Field((_type) => ID, { description: 'The surviving GSID.' })
  gsid!: string;

  @Field((_type) => [PartnerGsid], { description: 'The GSIDs the partners hold the person under, one entry per partner and GSID.' })
  members!: PartnerGsid[];
}

/**
 * People linked at two or more of `partnerIds`, grouped by surviving GSID, in one statement.
 * The gateway uses this to count a person once across partners; it carries ids only.
 */
export async function findSharedPeople(db: Queryable, partnerIds: readonly string[]): Promise<SharedPerson[]> {
  if (!partnerIds.length) throw badInput('partnerIds', 'must name at least one partner');
  const bad = partnerIds.find((id) => !PARTNER_ID_PATTERN.test(id));
  if (bad !== undefined) throw badInput('partnerIds', `"${bad}" is not a partner id`);
  const rows: Array<{ gsid: string; members: PartnerGsid[] }> = await db.query(
    `WITH RECURSIVE ${survivorCte('s.gsid IN (SELECT gsid FROM stakeholder_link WHERE partner_id = ANY($1))')}
     SELECT v.survivor AS gsid,
            json_agg(DISTINCT jsonb_build_object('partnerId', l.partner_id, 'gsid', l.gsid)) AS members
       FROM stakeholder_link l JOIN survivor v ON v.start = l.gsid
      WHERE l.partner_id = ANY($1)
      GROUP BY v.survivor HAVING count(DISTINCT l.partner_id) > 1
      ORDER BY v.survivor`,
    [[...new Set(partnerIds)]],
  );
  return rows.map((row) => Object.assign(new SharedPerson(), { gsid: row.gsid, members: row.members.map((m) => Object.assign(new PartnerGsid(), m)) }));
}
