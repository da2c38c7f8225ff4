import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { PARTNER_ID_PATTERN, badInput } from '@coalition/shared';
import { MERGED_SURVIVORS } from './shared-people';
import type { Queryable } from './survivors';

@Directive('@inaccessible')
@ObjectType({ description: 'How many people some partners hold (by surviving GSID): what a network figure loses when they do not answer.' })
export class StakeholderReach {
  @Field((_type) => Int, { description: 'People linked to a record at any of the partners.' })
  people!: number;

  @Field((_type) => Int, { description: 'Of them, people also linked at one of the other partners named: seen, but with part of their pathway missing.' })
  seenElsewhere!: number;
}

function checkIds(ids: readonly string[], argument: string): void {
  const bad = ids.find((id) => !PARTNER_ID_PATTERN.test(id));
  if (bad !== undefined) throw badInput(argument, `"${bad}" is not a partner id`);
}

/** People linked at `partnerIds`, and how many of them are linked at one of `seenAt` too; one statement, ids never leave. */
export async function stakeholderReach(db: Queryable, partnerIds: readonly string[], seenAt: readonly string[]): Promise<StakeholderReach> {
  if (!partnerIds.length) throw badInput('partnerIds', 'must name at least one partner');
  checkIds(partnerIds, 'partnerIds');
  checkIds(seenAt, 'seenAt');
  const others = seenAt.filter((id) => !partnerIds.includes(id));
  const [row] = await db.query(
    `WITH RECURSIVE ${MERGED_SURVIVORS}, people AS (
       SELECT coalesce(v.survivor, l.gsid) AS person, bool_or(l.partner_id = ANY($1)) AS held, bool_or(l.partner_id = ANY($2)) AS seen
         FROM stakeholder_link l LEFT JOIN survivor v ON v.start = l.gsid
        WHERE l.partner_id = ANY($1) OR l.partner_id = ANY($2)
        GROUP BY 1
     )
     SELECT count(*) FILTER (WHERE held)::int AS people, count(*) FILTER (WHERE held AND seen)::int AS seen_elsewhere FROM people`,
    [[...new Set(partnerIds)], others],
  );
  return Object.assign(new StakeholderReach(), { people: row.people, seenElsewhere: row.seen_elsewhere });
}
