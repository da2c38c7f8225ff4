import { DomainError } from '@coalition/shared';
import type { LinkageEncoding } from '@coalition/shared/linkage';
import type { LinkageSummary, ResolvedGsids } from '../import/importer';
import { NO_IDENTITY_CONSENT, type ParticipantRecord } from '../import/records';
import type { RegistryLinker } from './registry-client';
import { Resolution, type LeftLink } from './resolution';

export interface ImportLinking {
  /** The GSIDs by local id, with what the registry decided about these records (`linkage`). */
  resolveGsids(records: readonly ParticipantRecord[]): Promise<ResolvedGsids>;
  /** Withdraws the links resolveGsids made, when the import's write failed; never throws. */
  withdrawResolved(): Promise<void>;
  /** Takes these records off the people they were linked to, at the registry (withdrawn identity consent). */
  revoke(localIds: readonly string[]): Promise<unknown>;
  /** local ids left without a registry GSID, with the reason (no personal values) */
  skipped: Array<{ localId: string; reason: string }>;
  /** registry links a failed import could not withdraw (ids and reasons only) */
  left: LeftLink[];
}

/**
 * The import's GSID seam filled with the registry: participants with a name and birth date are
 * encoded here and resolved in batches of 1000. A participant without them, or with identity
 * fields the linkage cannot use, keeps the GSID the file gave (if any) and is listed in `skipped`;
 * so is one whose consent says no to sharing its identity (it keeps no GSID: see the importer).
 * Resolution happens before the import's write transaction commits: if the write fails (or a
 * later batch does), withdrawResolved takes back every link the import made.
 */
export function linkImports(linker: RegistryLinker, onProgress?: (done: number, total: number) => void): ImportLinking {
  const skipped: ImportLinking['skipped'] = [];
  const left: LeftLink[] = [];
  const resolution = new Resolution(linker);
  return {
    skipped,
    left,
    async withdrawResolved() {
      left.push(...(await resolution.withdraw()));
    },
    revoke: (localIds) => linker.revoke(localIds),
    async resolveGsids(records) {
      const usable: Array<{ localId: string; encoding: LinkageEncoding }> = [];
      const notLinked: ImportLinking['skipped'] = [];
      for (const record of records) {
        // Consent first: nothing of a person who withheld it is encoded, let alone sent.
        if (record.consent?.share_identity === false) {
          notLinked.push({ localId: record.local_id, reason: NO_IDENTITY_CONSENT });
          continue;
        }
        const { first_name, last_name, birth_date, ssn_last4, phone, email } = record.identity;
        if (!first_name || !last_name || !birth_date) {
          notLinked.push({ localId: record.local_id, reason: 'no first name, last name and birth date to link by' });
          continue;
        }
        const identity = { firstName: first_name, lastName: last_name, birthDate: birth_date, sex: record.sex as never, ssnLast4: ssn_last4, phone, email };
        try {
          usable.push({ localId: record.local_id, encoding: linker.encode(identity) });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          notLinked.push({ localId: record.local_id, reason: error.message });
        }
      }
      skipped.push(...notLinked);
      const outcomes = await resolution.link(usable, (done) => onProgress?.(done, usable.length));
      // This call's decisions, as the registry answered them, for the import's summary.
      const linkage: LinkageSummary = { new: 0, autoLinked: 0, review: 0, existing: 0, notLinked: notLinked.length, notLinkedReasons: {} };
      for (const { decision } of outcomes) {
        if (decision === 'NEW') linkage.new++;
        else if (decision === 'AUTO_LINK') linkage.autoLinked++;
        else if (decision === 'POSSIBLE_MATCH') linkage.review++;
        else linkage.existing++;
      }
      for (const { reason } of notLinked) linkage.notLinkedReasons[reason] = (linkage.notLinkedReasons[reason] ?? 0) + 1;
      return Object.assign(new Map(outcomes.map((o) => [o.localId, o.gsid])), { linkage });
    },
  };
}
