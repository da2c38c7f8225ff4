import { badInput } from '@coalition/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { Release } from './release.entity';
import {
  checkChunkRange,
  checkChunkSet,
  checkCommit,
  checkNewRelease,
  checkPeriodLabel,
  decodeChunk,
  isReleaseId,
  newReleaseId,
  noteRequired,
  unknownRelease,
  type NewRelease,
} from './release.rules';
import { storedRelease, type StoredRelease } from './stored-release.type';

/** A PENDING release this old was left by a gateway killed mid-upload: no upload takes an hour. */
const STALE_PENDING = '1 hour';
/** Approvals of one period run one at a time (with the period's hash), so each supersedes the one approved just before it. */
const RELEASE_LOCK = 7_301_009;

/**
 * The release store: a release is begun PENDING, its chunks are appended (in any order,
 * retries replacing), and one transaction checks them and approves it. Reads see APPROVED
 * releases only, so a release appears whole or not at all.
 */
export class ReleaseService {
  constructor(private readonly dataSource: DataSource) {}

  async begin(input: NewRelease): Promise<StoredRelease> {
    const note = checkNewRelease(input);
    await this.dataSource.query(`DELETE FROM release WHERE status = 'PENDING' AND created_at < now() - interval '${STALE_PENDING}'`);
    const previous = await latestApproved(this.dataSource.manager, input.periodLabel);
    if (previous && note === null) throw noteRequired(input.periodLabel, previous);
    const id = newReleaseId();
    const { periodLabel, period, approvedBy, versionVector, coverage, forced } = input;
    await this.dataSource.query(
      `INSERT INTO release (id, period_label, period, status, note, approved_by, version_vector, coverage, forced)
       VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8)`,
      [id, periodLabel, JSON.stringify(period), note, approvedBy, JSON.stringify(versionVector), JSON.stringify(coverage), forced],
    );
    return storedRelease(await this.releases().findOneByOrFail({ id }));
  }

  /** Stores chunk `seq` of a PENDING release; sending a seq again replaces it (a retry). */
  async append(releaseId: string, seq: number, data: string): Promise<boolean> {
    const bytes = decodeChunk(seq, data);
    await this.dataSource.transaction(async (m) => {
      // A share lock: appends run side by side, but not while the release is being committed.
      await lockPending(m, releaseId, 'FOR SHARE');
      await m.query(
        `INSERT INTO release_chunk (release_id, seq, data) VALUES ($1, $2, $3)
         ON CONFLICT (release_id, seq) DO UPDATE SET data = EXCLUDED.data`,
        [releaseId, seq, bytes],
      );
    });
    return true;
  }

  /**
   * Approves a PENDING release in one transaction, its row locked: every chunk 0..chunks-1 is
   * there and nothing more, the blob hashes to `sha256`, and it supersedes the period's latest
   * approved release. Any failure rolls back and leaves it PENDING (and unreadable), to be fixed
   * and committed again.
   */
  async commit(releaseId: string, chunks: number, sha256: string, figureCount: number): Promise<StoredRelease> {
    checkCommit(chunks, sha256, figureCount);
    await this.dataSource.transaction(async (m) => {
      const release = await lockPending(m, releaseId, 'FOR UPDATE');
      const seqs: Array<{ seq: number }> = await m.query('SELECT seq FROM release_chunk WHERE release_id = $1 ORDER BY seq', [releaseId]);
      checkChunkSet(
        chunks,
        seqs.map((row) => row.seq),
      );
      // PostgreSQL hashes the chunks where they are: the blob never travels for its check.
      const [digest] = await m.query(
        `SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY seq)), 'hex') AS hash, sum(length(data))::bigint AS size
           FROM release_chunk WHERE release_id = $1`,
        [releaseId],
      );
      if (digest.hash !== sha256.toLowerCase()) throw badInput('sha256', `the ${chunks} chunks, in order, hash to ${digest.hash}, not ${sha256}`);
      await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RELEASE_LOCK, release.period_label]);
      const previous = await latestApproved(m, release.period_label);
      // Checked again under the lock: two releases begun before either was approved.
      if (previous && !release.note) throw noteRequired(release.period_label, previous);
      // clock_timestamp, not now(): a commit that waited for the lock is approved after the one it waited for.
      await m.query(
        `UPDATE release SET status = 'APPROVED', approved_at = clock_timestamp(), figure_count = $2, size_bytes = $3, sha256 = $4, supersedes = $5
          WHERE id = $1`,
        [releaseId, figureCount, Number(digest.size), digest.hash, previous],
      );
      if (previous) await m.query('UPDATE release SET superseded_by = $1 WHERE id = $2', [releaseId, previous]);
    });
    return storedRelease(await this.releases().findOneByOrFail({ id: releaseId }));
  }

  /** Approved releases of one period, or of every period, the latest approved first. */
  async list(periodLabel?: string | null): Promise<StoredRelease[]> {
    if (periodLabel !== undefined && periodLabel !== null) checkPeriodLabel(periodLabel);
    const rows = await this.releases().find({
      where: { status: 'APPROVED', ...(periodLabel ? { periodLabel } : {}) },
      order: { approvedAt: 'DESC', id: 'ASC' },
    });
    return rows.map(storedRelease);
  }

  /** An approved release; null for an unknown or pending one. */
  async get(id: string): Promise<StoredRelease | null> {
    if (!isReleaseId(id)) return null;
    const row = await this.releases().findOneBy({ id, status: 'APPROVED' });
    return row && storedRelease(row);
  }

  /** Chunks from..from+count-1 of an approved release, as base64; fewer (or none) past its end. */
  async chunks(releaseId: string, from: number, count: number): Promise<string[]> {
    checkChunkRange(from, count);
    if (!isReleaseId(releaseId) || !(await this.releases().existsBy({ id: releaseId, status: 'APPROVED' }))) throw unknownRelease(releaseId);
    // Approved chunks never change, so pages read in separate statements fit together.
    const rows: Array<{ data: Buffer }> = await this.dataSource.query(
      'SELECT data FROM release_chunk WHERE release_id = $1 AND seq BETWEEN $2 AND $3::bigint ORDER BY seq',
      [releaseId, from, from + count - 1],
    );
    return rows.map((row) => row.data.toString('base64'));
  }

  private releases() {
    return this.dataSource.getRepository(Release);
  }
}

/** The release's row, locked, when it is PENDING: NOT_FOUND when unknown, BAD_USER_INPUT when already approved. */
async function lockPending(m: EntityManager, releaseId: string, lock: 'FOR SHARE' | 'FOR UPDATE'): Promise<{ period_label: string; note: string | null }> {
  if (!isReleaseId(releaseId)) throw unknownRelease(releaseId);
  const [row] = await m.query(`SELECT status, period_label, note FROM release WHERE id = $1 ${lock}`, [releaseId]);
  if (!row) throw unknownRelease(releaseId);
  if (row.status !== 'PENDING') throw badInput('releaseId', `${releaseId} is already approved, and an approved release never changes: begin a new release`);
  return row;
}

/** The id of the period's latest approved release, if any. */
async function latestApproved(m: EntityManager, periodLabel: string): Promise<string | null> {
  const [row] = await m.query(`SELECT id FROM release WHERE period_label = $1 AND status = 'APPROVED' ORDER BY approved_at DESC LIMIT 1`, [periodLabel]);
  return row?.id ?? null;
}
