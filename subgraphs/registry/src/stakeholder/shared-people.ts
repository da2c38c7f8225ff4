import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PARTNER_ID_PATTERN, badInput } from '@coalition/shared';
import type { Queryable } from './survivors';

@Directive('@inaccessible')
@ObjectType({ description: "A partner's GSID for a person (a merged GSID until the partner catches up)." })
export class PartnerGsid {
  @Field((_type) => ID)
  partnerId!: string;

  @Field((_type) => ID)
  gsid!: string;
}

@Directive('@inaccessible')
@ObjectType({ description: 'A person linked to records at two or more of the given partners.' })
export class SharedPerson {
  @Field((_type) => ID, { description: 'The surviving GSID.' })
  gsid!: string;

  @Field((_type) => [PartnerGsid], {
    description: 'For each partner holding a record of the person, every GSID the partner may hold it under (the survivor, and GSIDs merged into it).',
  })
  members!: PartnerGsid[];
}

@Directive('@inaccessible')
@ObjectType({ description: 'People shared between partners, as of one linkage version.' })
export class SharedPeople {
  @Field({ description: 'The linkage version read before the list: a client may keep the list while `linkageVersion` is unchanged.' })
  version!: string;

  @Field((_type) => [SharedPerson])
  people!: SharedPerson[];
}

/**
 * SQL: `survivor(start, survivor)` for merged GSIDs only (every other GSID is its own survivor),
 * walking chains up to 32 deep. Put it after WITH RECURSIVE.
 */
export const MERGED_SURVIVORS = `chain(start, gsid, depth) AS (
       SELECT s.gsid, s.merged_into, 1 FROM stakeholder s WHERE s.merged_into IS NOT NULL
       UNION ALL
       SELECT c.start, s.merged_into, c.depth + 1 FROM chain c JOIN stakeholder s ON s.gsid = c.gsid
        WHERE s.merged_into IS NOT NULL AND c.depth < 32
     ), survivor(start, survivor) AS (
       SELECT DISTINCT ON (start) start, gsid FROM chain ORDER BY start, depth DESC
     )`;

/** The registry's linkage version: it moves with every committed change to links or merges. */
export async function linkageVersion(db: Queryable): Promise<string> {
  const [row] = await db.query('SELECT version::text AS version FROM linkage_version');
  return row.version;
}

/**
 * People linked at two or more of `partnerIds`, grouped by surviving GSID, in one statement.
 * Only merged GSIDs have their chains walked; every other GSID is its own survivor. Each partner
 * holding a record of the person is listed with every GSID of the person (the survivor and all
 * merged into it), since the partner's own copy may lag a merge. The gateway
 * uses this to count a person once across partners; it carries ids only. The version is read
 * first, so the list is at least as new as the version it is returned with.
 */
export async function findSharedPeople(db: Queryable, partnerIds: readonly string[]): Promise<SharedPeople> {
  if (!partnerIds.length) throw badInput('partnerIds', 'must name at least one partner');
  const bad = partnerIds.find((id) => !PARTNER_ID_PATTERN.test(id));
  if (bad !== undefined) throw badInput('partnerIds', `"${bad}" is not a partner id`);
  const version = await linkageVersion(db);
  const rows: Array<{ person: string; partner_id: string; gsid: string }> = await db.query(
    `WITH RECURSIVE ${MERGED_SURVIVORS}, members AS (
       SELECT coalesce(v.survivor, l.gsid) AS person, l.partner_id, l.gsid
         FROM stakeholder_link l LEFT JOIN survivor v ON v.start = l.gsid
        WHERE l.partner_id = ANY($1)
     ), shared AS (
       SELECT person FROM members GROUP BY person HAVING min(partner_id) <> max(partner_id)
     ), at AS (
       SELECT DISTINCT m.person, m.partner_id FROM members m JOIN shared USING (person)
     )
     SELECT m.person, m.partner_id, m.gsid FROM members m JOIN shared USING (person)
     UNION
     -- A partner may still hold a GSID merged since: it is asked about every GSID of the person.
     SELECT a.person, a.partner_id, v.start FROM at a JOIN survivor v ON v.survivor = a.person
     UNION
     SELECT a.person, a.partner_id, a.person FROM at a
     ORDER BY 1, 2, 3`,
    [[...new Set(partnerIds)]],
  );
  const people: SharedPerson[] = [];
  for (const row of rows) {
    let person = people[people.length - 1];
    if (person?.gsid !== row.person) {
      person = Object.assign(new SharedPerson(), { gsid: row.person, members: [] });
      people.push(person);
    }
    person.members.push(Object.assign(new PartnerGsid(), { partnerId: row.partner_id, gsid: row.gsid }));
  }
  return Object.assign(new SharedPeople(), { version, people });
}
