import { DomainError, ErrorCode } from '@coalition/shared';
import type { ServiceClient } from '../analytics/service-client';
import {
  AppendReleaseChunkDocument,
  BeginReleaseDocument,
  CommitReleaseDocument,
  ReleaseChunksDocument,
  StoredReleaseDocument,
  StoredReleasesDocument,
  type StoredReleaseFieldsFragment,
} from '../upstream/generated/registry';
import { decodeContent, encodeContent, type ReleaseContent } from './content';

export type StoredRelease = StoredReleaseFieldsFragment;

/** How many chunks one read asks for (the registry answers up to 16). */
const CHUNKS_PER_READ = 8;

/** Releases kept parsed in memory: they never change, so an entry is never stale, only evicted. */
const PARSED_RELEASES = 8;

/**
 * How long a period's newest release is taken as known without asking the registry again. A
 * dashboard's every figure asks it; a new release shows at once on the gateway that approved it,
 * and within this time on other replicas.
 */
export const LATEST_RELEASE_TTL_MS = 5_000;

/**
 * The releases in the registry's database, through its internal fields: written in chunks and
 * committed whole (the registry checks the count and the digest in one transaction; reads see
 * approved releases only), read back whole and kept parsed.
 */
export class ReleaseStore {
  private readonly parsed = new Map<string, Promise<ReleaseContent>>();
  private readonly newest = new Map<string, { at: number; release: Promise<StoredRelease | undefined> }>();

  constructor(private readonly client: ServiceClient) {}

  list(periodLabel: string | null): Promise<StoredRelease[]> {
    return this.client.registry(StoredReleasesDocument, { periodLabel }).then((data) => data.storedReleases);
  }

  async get(id: string, argument = 'id'): Promise<StoredRelease> {
    const { storedRelease } = await this.client.registry(StoredReleaseDocument, { id });
    if (!storedRelease) throw new DomainError(ErrorCode.NOT_FOUND, `${argument}: there is no release ${id}`, { field: argument });
    return storedRelease;
  }

  /** The newest approved release of a period, or a NOT_FOUND naming the argument. */
  async latest(periodLabel: string, argument: string): Promise<StoredRelease> {
    let known = this.newest.get(periodLabel);
    if (!known || Date.now() - known.at > LATEST_RELEASE_TTL_MS) {
      known = { at: Date.now(), release: this.list(periodLabel).then((releases) => releases[0]) };
      const asked = known;
      asked.release.catch(() => this.newest.get(periodLabel) === asked && this.newest.delete(periodLabel));
      this.newest.set(periodLabel, known);
    }
    const newest = await known.release;
    if (!newest) {
      throw new DomainError(ErrorCode.NOT_FOUND, `${argument}: ${periodLabel} has no release yet; the backbone approves one with approveRelease`, {
        field: argument,
      });
    }
    return newest;
  }

  begin(variables: {
    periodLabel: string;
    period: Record<string, unknown>;
    note: string | null;
    approvedBy: string;
    versionVector: Record<string, unknown>;
    coverage: Record<string, unknown>;
    forced: boolean;
  }): Promise<StoredRelease> {
    return this.client.registry(BeginReleaseDocument, variables, { write: true }).then((data) => data.beginRelease);
  }

  /** Sends the content and commits it; until the commit nobody can read any of it. */
  async commit(id: string, content: ReleaseContent): Promise<StoredRelease> {
    const encoded = encodeContent(content);
    for (const [seq, data] of encoded.chunks.entries()) {
      await this.client.registry(AppendReleaseChunkDocument, { releaseId: id, seq, data }, { write: true });
    }
    const figureCount = content.indicators.length + (content.funnels?.length ?? 0) + (content.prePost?.length ?? 0);
    const { commitRelease } = await this.client.registry(
      CommitReleaseDocument,
      { releaseId: id, chunks: encoded.chunks.length, sha256: encoded.sha256, figureCount },
      { write: true },
    );
    this.newest.delete(commitRelease.periodLabel);
    return commitRelease;
  }

  content(release: StoredRelease): Promise<ReleaseContent> {
    let found = this.parsed.get(release.id);
    if (found) {
      this.parsed.delete(release.id);
    } else {
      found = this.read(release);
      found.catch(() => this.parsed.get(release.id) === found && this.parsed.delete(release.id));
      if (this.parsed.size >= PARSED_RELEASES) this.parsed.delete(this.parsed.keys().next().value!);
    }
    this.parsed.set(release.id, found);
    return found;
  }

  /** Reads chunks until the registry has no more: the count is whatever the writer chose, not this gateway's chunk size. */
  private async read(release: StoredRelease): Promise<ReleaseContent> {
    const chunks: string[] = [];
    for (let from = 0; ; from += CHUNKS_PER_READ) {
      const { releaseChunks } = await this.client.registry(ReleaseChunksDocument, { releaseId: release.id, from, count: CHUNKS_PER_READ });
      chunks.push(...releaseChunks);
      if (releaseChunks.length < CHUNKS_PER_READ) break;
    }
    if (!release.sha256) throw new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, `release ${release.id} was approved without a digest`);
    return decodeContent(chunks, release.sha256);
  }
}
