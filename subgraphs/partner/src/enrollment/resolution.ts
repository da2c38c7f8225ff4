import { DomainError } from '@coalition/shared';
import type { LinkageEncoding } from '@coalition/shared/linkage';
import type { LinkOutcome, RegistryLinker } from './registry-client';

/** A registry link the partner could not take back, with why (ids and reasons only). */
export interface LeftLink {
  localId: string;
  gsid: string;
  reason: string;
}

const CHUNK = 1000;

/**
 * One enrollment's or one import's resolution at the registry, which the partner undoes when
 * its own write fails, so a registry link never outlives a record the partner did not store.
 *
 * Why compensation and not "resolve as pending, confirm after commit": a pending protocol must
 * hide pending links from matching, counts and review until confirmed, expire them, and still
 * fails the same way when the confirmation is lost after the commit (then a stored record has
 * no link at all, which is worse than a link without a record). Compensation keeps resolution
 * as it is and adds one narrow, partner-signed call: withdrawIdentities, which the registry
 * honours only for the signing partner's own records, only for links nobody can rely on yet
 * (no analyst action, not resolved again since, made within the last hour), and which is safe
 * to retry (a second call answers ABSENT). Only links this resolution made are withdrawn: a
 * record the registry already linked (EXISTING) keeps its link, since it predates the request.
 *
 * What can still be left (reported, never hidden): the withdrawal unanswered after its retries,
 * or a registry answer lost after the registry committed (the partner never learns the GSID).
 * Enrolling or importing that local id again reuses the link (EXISTING). See docs/LINKAGE.md.
 */
export class Resolution {
  private readonly fresh: Array<{ localId: string; gsid: string }> = [];

  constructor(private readonly linker: RegistryLinker) {}

  link(encoded: ReadonlyArray<{ localId: string; encoding: LinkageEncoding }>, onProgress?: (done: number) => void): Promise<LinkOutcome[]> {
    return this.linker.linkEncoded(encoded, onProgress, (batch) => {
      for (const outcome of batch) if (outcome.decision !== 'EXISTING') this.fresh.push({ localId: outcome.localId, gsid: outcome.gsid });
    });
  }

  /** Withdraws every link this resolution made; returns those left behind. Never throws. */
  async withdraw(): Promise<LeftLink[]> {
    const records = this.fresh.splice(0);
    const left: LeftLink[] = [];
    for (let start = 0; start < records.length; start += CHUNK) {
      const chunk = records.slice(start, start + CHUNK);
      try {
        const gsidOf = new Map(chunk.map((r) => [r.localId, r.gsid]));
        for (const result of await this.linker.withdraw(chunk)) {
          if (result.status === 'KEPT')
            left.push({ localId: result.localId, gsid: gsidOf.get(result.localId)!, reason: `the registry kept it: ${result.reason}` });
        }
      } catch (error) {
        const why = error instanceof DomainError ? String(error.details.reason ?? error.code) : 'an unexpected error';
        left.push(...chunk.map((r) => ({ ...r, reason: `the registry could not be asked to withdraw it (${why})` })));
      }
    }
    return left;
  }
}
