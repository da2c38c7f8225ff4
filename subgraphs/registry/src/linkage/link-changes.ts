import { badInput } from '@coalition/shared';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { lockLinkage } from './linkage.service';

// A partner's feed of its link changes (migration 1732000000012): what the partner's stored
// GSIDs must follow after merges and splits. Like resolveIdentities, not part of the public
// graph, and answered only to the partner's own signed request for itself.

export const DEFAULT_LINK_CHANGES = 1000;
export const MAX_LINK_CHANGES = 5000;
const MAX_VERSION = 2n ** 63n - 1n;

@Directive('@inaccessible')
@ObjectType({ description: "One of a partner's records whose GSID is new or has moved." })
export class LinkChange {
  @Field((_type) => ID)
  localId!: string;

  @Field((_type) => ID, { description: 'The GSID the record is linked to now (after a merge, the survivor).' })
  gsid!: string;

  @Field((_type) => String, { description: 'The number of this change (a bigint, as a decimal string).' })
  version!: string;
}

@Directive('@inaccessible')
@ObjectType({ description: "A page of a partner's link changes, in the order they were numbered." })
export class LinkChangePage {
  @Field((_type) => [LinkChange])
  changes!: LinkChange[];

  @Field((_type) => String, { description: 'The last change of the page, or `since` when it has none: the next page starts here.' })
  version!: string;

  @Field({ description: 'Whether changes after this page are already waiting.' })
  hasMore!: boolean;
}

function checkPage(since: string, first: number): void {
  if (typeof since !== 'string' || !/^\d{1,19}$/.test(since) || BigInt(since) > MAX_VERSION)
    throw badInput('since', 'must be a non-negative whole number (a bigint as a decimal string): "0", or the version of the last page read');
  if (!Number.isInteger(first) || first < 1 || first > MAX_LINK_CHANGES)
    throw badInput('first', `must be a whole number from 1 to ${MAX_LINK_CHANGES}`, { max: MAX_LINK_CHANGES });
}

/**
 * A partner's links changed after `since`, oldest change first, at most `first` of them. Each
 * link appears once, under its latest change: one that moved again after a reader passed it is
 * numbered again, so it comes back on a later page.
 */
export class LinkChangeService {
  constructor(private readonly dataSource: DataSource) {}

  async read(partnerId: string, since: string, first = DEFAULT_LINK_CHANGES): Promise<LinkChangePage> {
    checkPage(since, first);
    return this.dataSource.transaction(async (manager) => {
      // Numbers come from a sequence, so a transaction may take a number and commit after a
      // later one has: a reader that passed the later number would never see it. Every change
      // to links holds the linkage lock until it commits; holding it here, no change is in
      // flight while we read, and nothing can still commit below what we return.
      await lockLinkage(manager);
      const rows: Array<{ local_id: string; gsid: string; version: string }> = await manager.query(
        `SELECT local_id, gsid, change_version::text AS version FROM stakeholder_link
         WHERE partner_id = $1 AND change_version > $2::bigint ORDER BY change_version LIMIT $3`,
        [partnerId, since, first + 1],
      );
      const changes = rows.slice(0, first).map((row) => ({ localId: row.local_id, gsid: row.gsid, version: row.version }));
      return { changes, version: changes.at(-1)?.version ?? BigInt(since).toString(), hasMore: rows.length > first };
    });
  }
}
