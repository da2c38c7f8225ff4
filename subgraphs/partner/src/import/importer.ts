import { basename } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import type { Mapping } from './mapping';
import { openSheet } from './read';
import { RowValidator, type CatalogueIndicator, type ImportRecord, type OutcomeRecord, type ParticipantRecord, type Rejection } from './validate';
import { writeBatch, type WriteCounts } from './write';
import { Progress } from './progress';
import { identityWithdrawnLine } from './report';

export interface ImportOptions {
  file: string;
  mapping: Mapping;
  dataSource: DataSource;
  /** Write the valid rows and report the rest; by default one bad row means nothing is written. */
  skipInvalid?: boolean;
  batchSize?: number;
  progress?: Progress;
  /**
   * The coalition's indicator catalogue, read once per run: an outcome whose indicator code is not
   * in it, or whose value is of the other type (a number for a yes/no indicator), is rejected.
   * Without it those two checks are skipped, and an outcomes import says so on stderr.
   */
  indicators?: readonly CatalogueIndicator[];
  /**
   * Seam for privacy-preserving linkage (the registry's GSID matching): given the valid
   * participant records, identity fields included, on the partner's side, returns a GSID per
   * local id. Without it, a GSID comes from the file's gsid column when one is mapped.
   */
  resolveGsids?: (records: readonly ParticipantRecord[]) => Promise<ResolvedGsids>;
  /**
   * Undoes what resolveGsids did at the registry when the import fails after calling it (its
   * write, or a later registry batch), so no registry link outlives a record never stored.
   */
  withdrawGsids?: () => Promise<void>;
  /**
   * Takes records whose identity consent a row withdraws off the people they were linked to, at
   * the registry, before their GSIDs are cleared here (docs/CONSENT.md). Without it (no linkage
   * configured) the GSIDs are cleared and the run warns that the registry still links them.
   */
  revokeGsids?: (localIds: readonly string[]) => Promise<unknown>;
}

/**
 * What the registry decided for the participants of one import (its answers' decisions), and
 * how many were never sent to it. The counts add up to the participants the import linked.
 */
export interface LinkageSummary {
  /** NEW: a person new to the network, given a new GSID */
  new: number;
  /** AUTO_LINK: given the GSID of a person the network already knows (another partner's, or another record of this one) */
  autoLinked: number;
  /** POSSIBLE_MATCH: given a new GSID and sent to an analyst's review against a likely match */
  review: number;
  /** EXISTING: this local id was already linked; its GSID is unchanged */
  existing: number;
  /** not sent to the registry: identity fields missing or unusable */
  notLinked: number;
  /** notLinked by reason, e.g. { 'no first name, last name and birth date to link by': 2 } */
  notLinkedReasons: Record<string, number>;
}

/** The GSIDs by local id; a registry-backed resolver also says what it decided (see linkImports). */
export type ResolvedGsids = ReadonlyMap<string, string> & { readonly linkage?: LinkageSummary };

export interface ImportResult extends WriteCounts {
  status: 'imported' | 'rejected';
  rows: number;
  blankRows: number;
  rejections: Rejection[];
  /** The registry's decisions, when resolveGsids ran and reported them; absent otherwise. */
  linkage?: LinkageSummary;
  /**
   * Participants imports: how many participants lost their stored GSID because they no longer
   * share their identity. Their links at the registry stay until revoked (docs/CONSENT.md).
   */
  identityWithdrawn?: number;
  /** Whether the registry took those records off their people (revokeGsids ran). */
  identityRevoked?: boolean;
}

/**
 * A row that says nothing of sharing identity (no consent fields, or shareIdentity blank) is
 * still bound by the consent stored for that person: when that says no, the record carries it,
 * so it is not sent to the registry and keeps no GSID. The values written are the stored ones.
 */
async function applyStoredConsent(manager: EntityManager, records: ParticipantRecord[]): Promise<void> {
  const silent = records.filter((r) => r.consent?.share_identity == null);
  if (!silent.length) return;
  const stored: Array<{ local_id: string; share_records: boolean; recorded_on: string }> = await manager.query(
    'SELECT local_id, share_records, recorded_on::text FROM participant_consent WHERE local_id = ANY($1::text[]) AND NOT share_identity',
    [silent.map((r) => r.local_id)],
  );
  const withheld = new Map(stored.map((s) => [s.local_id, s]));
  for (const record of silent) {
    const s = withheld.get(record.local_id);
    if (!s) continue;
    record.consent = {
      share_identity: false,
      share_records: record.consent ? record.consent.share_records : s.share_records,
      in_figures: record.consent?.in_figures ?? null,
      recorded_on: record.consent?.recorded_on ?? s.recorded_on,
    };
    record.gsid = null;
  }
}

/**
 * Imports one file: read and validate every row first, then write all valid rows in ONE
 * transaction. A process killed part-way leaves the database as it was; importing the same
 * file again changes nothing; a corrected file updates records by their local id.
 */
export async function importFile(options: ImportOptions): Promise<ImportResult> {
  const { mapping } = options;
  const progress = options.progress ?? new Progress(process.stderr, false);
  const file = basename(options.file);
  const sheet = await openSheet(options.file, { sheet: mapping.sheet, headerRow: mapping.headerRow, delimiter: mapping.delimiter });
  const validator = new RowValidator(file, mapping, sheet.headers, { indicators: options.indicators });
  if (mapping.kind === 'outcomes' && !options.indicators) {
    process.stderr.write(`${file}: indicator codes and value types not checked (no indicator catalogue: give --gateway or --catalogue)\n`);
  }
  const valid: Array<{ row: number; record: ImportRecord }> = [];
  let rows = 0;
  progress.phase(`checking ${file}`);
  for await (const row of sheet.rows) {
    rows++;
    const record = validator.validate(row);
    if (record) valid.push({ row: row.row, record });
    progress.update(rows);
  }
  progress.end(rows);
  const rejections = [...validator.rejections];

  try {
    const result = await writeAll(options, { file, rows, valid, rejections, blankRows: validator.blankRows, progress });
    // Once committed. The registry is not called: revoking its links is a step of its own (docs/CONSENT.md).
    if (result.identityWithdrawn) process.stderr.write(`${identityWithdrawnLine(result.identityWithdrawn, result.identityRevoked ?? false)}\n`);
    return result;
  } catch (error) {
    // The registry may have linked these records before the write failed: take the links back.
    await options.withdrawGsids?.();
    throw error;
  }
}

interface Checked {
  file: string;
  rows: number;
  blankRows: number;
  valid: Array<{ row: number; record: ImportRecord }>;
  rejections: Rejection[];
  progress: Progress;
}

/** The write: all valid rows in ONE transaction (GSIDs resolved first, inside it). */
function writeAll(options: ImportOptions, { file, rows, blankRows, valid, rejections, progress }: Checked): Promise<ImportResult> {
  const { mapping, dataSource } = options;
  return dataSource.transaction('READ COMMITTED', async (manager) => {
    const accepted = mapping.kind === 'participants' ? valid : await knownParticipantsOnly(manager, file, mapping, valid, rejections);
    const result: Omit<ImportResult, 'status'> = { rows: rows - blankRows, blankRows, rejections, inserted: 0, updated: 0, unchanged: 0 };
    if (rejections.length && !options.skipInvalid) return { ...result, status: 'rejected' as const };
    if (mapping.kind === 'participants') {
      result.identityWithdrawn = 0;
      await applyStoredConsent(
        manager,
        accepted.map((a) => a.record as ParticipantRecord),
      );
      result.identityRevoked = await revokeWithdrawn(
        manager,
        accepted.map((a) => a.record as ParticipantRecord),
        options.revokeGsids,
      );
    }
    if (mapping.kind === 'participants' && options.resolveGsids && accepted.length) {
      const gsids = await options.resolveGsids(accepted.map((a) => a.record as ParticipantRecord));
      if (gsids.linkage) result.linkage = gsids.linkage;
      for (const { record } of accepted) {
        const gsid = gsids.get((record as ParticipantRecord).local_id);
        if (gsid) (record as ParticipantRecord).gsid = gsid;
      }
    }
    const batchSize = options.batchSize ?? 2_000;
    progress.phase(`writing ${file}`, accepted.length);
    for (let start = 0; start < accepted.length; start += batchSize) {
      const counts = await writeBatch(
        manager,
        mapping.kind,
        accepted.slice(start, start + batchSize).map((v) => v.record),
      );
      result.inserted += counts.inserted;
      result.updated += counts.updated;
      result.unchanged += counts.unchanged;
      if (result.identityWithdrawn !== undefined) result.identityWithdrawn += counts.identityWithdrawn;
      progress.update(Math.min(start + batchSize, accepted.length), accepted.length);
    }
    progress.end(accepted.length, accepted.length);
    return { ...result, status: 'imported' as const };
  });
}

/** Events and outcomes must belong to a participant this partner already holds, observed no earlier than its enrollment. */
async function knownParticipantsOnly(
  manager: EntityManager,
  file: string,
  mapping: Mapping,
  valid: Checked['valid'],
  rejections: Rejection[],
): Promise<Checked['valid']> {
  const ids = [...new Set(valid.map((v) => (v.record as { participant_local_id: string }).participant_local_id))];
  const enrolledOn = new Map<string, string>(
    (await manager.query('SELECT local_id, enrolled_on::text FROM participant WHERE local_id = ANY($1::text[])', [ids])).map(
      (r: { local_id: string; enrolled_on: string }) => [r.local_id, r.enrolled_on],
    ),
  );
  const columnOf = (field: string) => {
    const source = mapping.fields[field];
    return source && 'column' in source ? source.column : field;
  };
  return valid.filter(({ row, record }) => {
    const id = (record as { participant_local_id: string }).participant_local_id;
    const enrolled = enrolledOn.get(id);
    if (enrolled === undefined) {
      rejections.push({ file, row, column: columnOf('localId'), value: id, reason: 'no participant with this local id (import participants first)' });
      return false;
    }
    // An outcome observed before the person enrolled has a wrong date or the wrong person.
    const observed = mapping.kind === 'outcomes' ? (record as OutcomeRecord).observed_on : null;
    if (observed !== null && observed < enrolled) {
      rejections.push({
        file,
        row,
        column: columnOf('observedOn'),
        value: observed,
        reason: `observed before enrolledOn ${enrolled} (the participant's enrollment)`,
      });
      return false;
    }
    return true;
  });
}

/**
 * Withdrawn identity consent for linked records: the registry unlinks them first, so the partner
 * never stops holding a GSID the registry still links (a failure here writes nothing). True when
 * the registry was asked.
 */
async function revokeWithdrawn(manager: EntityManager, records: readonly ParticipantRecord[], revoke: ImportOptions['revokeGsids']): Promise<boolean> {
  const withdrawing = records.filter((r) => r.consent?.share_identity === false);
  if (!withdrawing.length || !revoke) return false;
  const linked: Array<{ local_id: string }> = await manager.query('SELECT local_id FROM participant WHERE local_id = ANY($1::text[]) AND gsid IS NOT NULL', [
    withdrawing.map((r) => r.local_id),
  ]);
  if (!linked.length) return false;
  await revoke(linked.map((r) => r.local_id));
  return true;
}
