import { describeForLog, DomainError } from '@coalition/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { LinkChangePage } from './registry-client';

/** Where the changes come from: the registry (RegistryLinker), asked as this partner. */
export interface LinkChangeReader {
  linkChanges(since: string, first?: number): Promise<LinkChangePage>;
}

export interface LinkSyncOptions {
  /** Changes asked per page, each applied in a transaction of its own (default 1000, at most the registry's 5000). */
  pageSize?: number;
}

export interface LinkSyncResult {
  /** participants whose stored GSID changed */
  applied: number;
  /** participants that already had the change's GSID (a link they were enrolled with) */
  unchanged: number;
  /** changes for records this partner does not store (withdrawn after a failed write, say) */
  skipped: number;
  /**
   * changes for records stored here without a GSID: identity consent withheld (docs/CONSENT.md),
   * or never linked. They stay without one: the sync moves GSIDs, it never gives one.
   */
  withoutGsid: number;
  /** the registry's version this partner has now applied up to */
  version: string;
}

/** A page started from a cursor another sync (a replica of this partner) has moved on from: read again from where it is. */
class MovedOn extends Error {}

const readCursor = async (db: DataSource | EntityManager, partnerId: string): Promise<string> =>
  ((await db.query('SELECT version::text AS version FROM link_sync_state WHERE partner_id = $1', [partnerId]))[0]?.version as string | undefined) ?? '0';

/**
 * Brings this partner's stored GSIDs up to the registry's links (merges, splits, re-joins): reads
 * its feed of link changes from the version last applied, page by page, and applies each page
 * and the new version in one transaction. A sync that stops anywhere (a crash, the registry
 * gone) has lost nothing and skipped nothing: the next one starts from the last page committed.
 */
export async function syncLinks(dataSource: DataSource, client: LinkChangeReader, partnerId: string, options: LinkSyncOptions = {}): Promise<LinkSyncResult> {
  const total: LinkSyncResult = { applied: 0, unchanged: 0, skipped: 0, withoutGsid: 0, version: await readCursor(dataSource, partnerId) };
  for (;;) {
    const page = await client.linkChanges(total.version, options.pageSize);
    let counts: Omit<LinkSyncResult, 'version'>;
    try {
      counts = await dataSource.transaction((manager) => applyPage(manager, partnerId, total.version, page));
    } catch (error) {
      if (!(error instanceof MovedOn)) throw error;
      total.version = await readCursor(dataSource, partnerId);
      continue;
    }
    total.applied += counts.applied;
    total.unchanged += counts.unchanged;
    total.skipped += counts.skipped;
    total.withoutGsid += counts.withoutGsid;
    total.version = page.version;
    if (!page.hasMore) return total;
  }
}

async function applyPage(manager: EntityManager, partnerId: string, since: string, page: LinkChangePage): Promise<Omit<LinkSyncResult, 'version'>> {
  const localIds = page.changes.map((c) => c.localId);
  // No FOR UPDATE: a row lock taken before the data version's would invert the order every
  // writer of participant takes them in (migration 1732400000000), and could deadlock.
  const stored: Array<{ local_id: string; gsid: string | null }> = localIds.length
    ? await manager.query('SELECT local_id, gsid FROM participant WHERE local_id = ANY($1)', [localIds])
    : [];
  const storedGsid = new Map(stored.map((row) => [row.local_id, row.gsid]));
  const moved = page.changes.filter((c) => storedGsid.get(c.localId) && storedGsid.get(c.localId) !== c.gsid);
  let applied = 0;
  // Only when something moves: each statement on participant moves the data version (and with
  // it every answer cached under it), rows or not.
  if (moved.length) {
    // `gsid IS NOT NULL` again here, where it is rechecked against a concurrent write: a
    // consent withdrawn since the SELECT has cleared the GSID, and it stays cleared. (Wrapped in
    // a SELECT: TypeORM answers a bare UPDATE with [rows, count], not the rows.)
    const updated: Array<{ local_id: string }> = await manager.query(
      `WITH updated AS (
         UPDATE participant p SET gsid = c.gsid, updated_at = now() FROM unnest($1::text[], $2::text[]) AS c (local_id, gsid)
         WHERE p.local_id = c.local_id AND p.gsid IS NOT NULL RETURNING p.local_id
       )
       SELECT local_id FROM updated`,
      [moved.map((c) => c.localId), moved.map((c) => c.gsid)],
    );
    applied = updated.length;
  }
  // Moves the cursor only from where this page was read: a replica's sync that got further
  // first leaves this page unapplied (rolled back), so a GSID never goes back to an older one.
  const [cursor] = await manager.query(
    `INSERT INTO link_sync_state AS s (partner_id, version, synced_at) VALUES ($1, $2::bigint, now())
     ON CONFLICT (partner_id) DO UPDATE SET version = excluded.version, synced_at = excluded.synced_at
     WHERE s.version = $3::bigint
     RETURNING version`,
    [partnerId, page.version, since],
  );
  if (!cursor) throw new MovedOn();
  const withoutGsid = stored.filter((row) => row.gsid === null).length + (moved.length - applied);
  return { applied, unchanged: stored.length - withoutGsid - applied, skipped: localIds.length - stored.length, withoutGsid };
}

/** The registry client's own reason for a failure ("not reachable", "HTTP 200, FORBIDDEN"): never a record's value. */
const reasonOf = (error: unknown) => (error instanceof DomainError && typeof error.details.reason === 'string' ? `: ${error.details.reason}` : '');

export interface LinkSyncSchedule {
  /** Stops the schedule; resolves when a sync under way has finished. */
  stop(): Promise<void>;
}

/**
 * Syncs now, then `intervalMs` after each sync ends (never two at once). Logs counts and the
 * version only, never a local id or a GSID; a failed sync is logged and tried again next time.
 */
export function scheduleLinkSync(
  dataSource: DataSource,
  client: LinkChangeReader,
  partnerId: string,
  intervalMs: number,
  log: { info(message: string): void; error(message: string): void },
): LinkSyncSchedule {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = syncLinks(dataSource, client, partnerId).then(
      (result) => {
        if (result.applied || result.skipped || result.withoutGsid)
          log.info(
            `link sync: ${result.applied} stored GSIDs updated, ${result.skipped} changes skipped (records not stored here), ${result.withoutGsid} records left without a GSID; at version ${result.version}`,
          );
      },
      (error) => log.error(`link sync failed, tried again in ${intervalMs} ms: ${describeForLog(error)}${reasonOf(error)}`),
    );
    void running.then(() => {
      if (!stopped) timer = setTimeout(run, intervalMs).unref();
    });
  };
  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
