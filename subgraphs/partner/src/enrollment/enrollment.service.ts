import { assertCleanInput, badInput, COUNTY_FIPS_PATTERN, describeForLog, DomainError, ErrorCode, notFound } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { writeBatch, writeConsents } from '../import/write';
import type { ParticipantRecord } from '../import/validate';
import type { EnrollParticipantInput } from './enrollment.input';
import type { LinkOutcome, RegistryLinker } from './registry-client';
import { Resolution, type LeftLink } from './resolution';
import { consentRow, type ConsentState } from '../participant/consent';

const LOCAL_ID = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$/;

function checkDate(value: string, field: string, today: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw badInput(field, 'is not a date in the form YYYY-MM-DD');
  if (value > today) throw badInput(field, 'is in the future');
  return value;
}

/**
 * What the caller hears when the write fails after the registry resolved: the partner could
 * not store the record (WRITE_FAILED: try again), and what became of the registry link. Not
 * PARTNER_UNAVAILABLE, which the gateway reads as "this partner is missing from the answer".
 * Never the database's message, which can quote the row.
 */
function writeFailed(localId: string, outcome: LinkOutcome, left: LeftLink[]): DomainError {
  const lead = `Participant ${localId} could not be stored at this partner`;
  const after = "Try again; if it keeps failing, the partner's administrator will find the cause in its log.";
  if (outcome.decision === 'EXISTING') {
    return new DomainError(ErrorCode.WRITE_FAILED, `${lead}; nothing was changed (its registry link predates this request). ${after}`, {
      localId,
      registryLink: 'unchanged',
    });
  }
  if (left.length) {
    return new DomainError(
      ErrorCode.WRITE_FAILED,
      `${lead}, and its new registry link could not be withdrawn (${left[0].reason}): enrolling ${localId} again reuses it. ${after}`,
      { localId, registryLink: 'left', gsid: outcome.gsid },
    );
  }
  return new DomainError(ErrorCode.WRITE_FAILED, `${lead}; nothing was kept, here or at the registry (its new link was withdrawn). ${after}`, {
    localId,
    registryLink: 'withdrawn',
  });
}

/**
 * Enrollment: check the record, get its GSID from the registry, then write participant and
 * identity in one transaction. If the registry cannot answer, nothing is written; if the write
 * fails, the link the registry just made is withdrawn (see Resolution).
 */
export class EnrollmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly linker: RegistryLinker | null,
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
    /** For operators: ids, error classes and codes only, never values. */
    private readonly log: (message: string) => void = (message) => console.error(`[enrollment] ${message}`),
  ) {}

  async enroll(input: EnrollParticipantInput): Promise<{ localId: string; outcome: EnrollOutcome }> {
    const consent = input.consent ? checkConsent(input.consent, this.today()) : null;
    if (consent && !consent.shareIdentity) return this.enrollUnlinked(input, consent);
    if (!this.linker) {
      throw new DomainError(ErrorCode.REGISTRY_UNAVAILABLE, 'Enrollment needs linkage: this partner has no LINKAGE_SECRET and REGISTRY_URL configured', {
        reason: 'not configured',
      });
    }
    const { enrolledOn, countyFips } = checkRecord(input, this.today());
    const identity = {
      firstName: input.firstName,
      lastName: input.lastName,
      birthDate: input.birthDate,
      sex: input.sex,
      ssnLast4: input.ssnLast4,
      phone: input.phone,
      email: input.email,
    };
    const encoding = this.linker.encode(identity); // every identity problem is reported before the registry is called
    if (input.birthDate > enrolledOn) throw badInput('enrolledOn', 'is before the birth date');

    const resolution = new Resolution(this.linker);
    const [outcome] = await resolution.link([{ localId: input.localId, encoding }]);
    const record = recordOf(input, enrolledOn, countyFips, outcome.gsid, consent);
    try {
      await this.dataSource.transaction((manager) => writeBatch(manager, 'participants', [record]));
    } catch (error) {
      const left = await resolution.withdraw();
      const link = outcome.decision === 'EXISTING' ? 'unchanged' : left.length ? `left on ${outcome.gsid} (${left[0].reason})` : 'withdrawn';
      this.log(`participant ${input.localId} not stored: ${describeForLog(error)}; registry link ${link}`);
      throw writeFailed(input.localId, outcome, left);
    }
    return { localId: input.localId, outcome };
  }

  /**
   * A person who did not consent to share their identity: nothing is encoded or sent, the record
   * keeps no GSID (it counts in figures as a person of its own). One enrolled before with a link
   * is taken off it at the registry first (see recordConsent).
   */
  private async enrollUnlinked(input: EnrollParticipantInput, consent: ConsentState): Promise<{ localId: string; outcome: EnrollOutcome }> {
    const { enrolledOn, countyFips } = checkRecord(input, this.today());
    // With no identity to encode, the birth date is checked here rather than by the encoder.
    if (checkDate(input.birthDate, 'birthDate', this.today()) > enrolledOn) throw badInput('enrolledOn', 'is before the birth date');
    await this.unlink(input.localId);
    // Written with its consent, which also clears a GSID stored before.
    await this.dataSource.transaction((manager) => writeBatch(manager, 'participants', [recordOf(input, enrolledOn, countyFips, null, consent)]));
    return { localId: input.localId, outcome: { localId: input.localId, gsid: null, decision: 'NOT_LINKED', rule: null, score: null } };
  }

  /**
   * Records a participant's consent. Withdrawing consent to share identity takes effect at once:
   * the registry first takes the record off the person it was linked to (an audited split,
   * reason "consent revoked", never re-linked by resolution), then the record here loses its
   * GSID. If the registry cannot be reached nothing is recorded, so the two never disagree.
   */
  async recordConsent(localId: string, input: ConsentState): Promise<{ consent: ConsentState; unlinked: boolean }> {
    const consent = checkConsent(input, this.today());
    const [participant] = await this.dataSource.query('SELECT gsid FROM participant WHERE local_id = $1', [localId]);
    if (!participant) throw notFound('participant', localId, { field: 'localId' });
    const unlinked = !consent.shareIdentity && participant.gsid !== null;
    if (unlinked) await this.unlink(localId);
    // Recording a consent that withholds identity also clears the stored GSID.
    await this.dataSource.transaction((manager) => writeConsents(manager, [{ local_id: localId, ...consentRow(consent) }]));
    this.log(`consent recorded for ${localId}${unlinked ? ': identity consent withdrawn, record unlinked' : ''}`);
    return { consent, unlinked };
  }

  /** Takes a linked record off its person at the registry (none linked: nothing to do). */
  private async unlink(localId: string): Promise<void> {
    const [row] = await this.dataSource.query('SELECT gsid FROM participant WHERE local_id = $1', [localId]);
    if (!row?.gsid) return;
    if (!this.linker) {
      throw new DomainError(
        ErrorCode.REGISTRY_UNAVAILABLE,
        'Withdrawing identity consent unlinks the record at the registry, and this partner has no REGISTRY_URL configured',
        {
          reason: 'not configured',
        },
      );
    }
    await this.linker.revoke([localId]);
  }
}

/**
 * What an enrollment's record needs besides the identity. The gateway refuses these already;
 * checked again here, before anything is encoded or sent, for any other way in (defence in depth).
 */
function checkRecord(input: EnrollParticipantInput, today: string): { enrolledOn: string; countyFips: string | null } {
  assertCleanInput(input, 'input');
  if (!LOCAL_ID.test(input.localId)) throw badInput('localId', 'must be 1 to 64 letters, digits or . _ / : - (starting with a letter or digit)');
  const enrolledOn = checkDate(input.enrolledOn, 'enrolledOn', today);
  const countyFips = input.countyFips?.trim() || null;
  if (countyFips && !COUNTY_FIPS_PATTERN.test(countyFips)) throw badInput('countyFips', 'must be a 5-digit FIPS code');
  return { enrolledOn, countyFips };
}

/** The participant and identity rows of an enrollment, its values checked. */
function recordOf(
  input: EnrollParticipantInput,
  enrolledOn: string,
  countyFips: string | null,
  gsid: string | null,
  consent: ConsentState | null,
): ParticipantRecord {
  return {
    ...(consent && { consent: consentRow(consent) }),
    local_id: input.localId,
    gsid,
    enrolled_on: enrolledOn,
    exited_on: null,
    program_type: input.programType,
    sex: input.sex,
    race_ethnicity: [...new Set(input.raceEthnicity)],
    birth_year: Number(input.birthDate.slice(0, 4)),
    county_fips: countyFips,
    identity: {
      first_name: input.firstName.trim(),
      last_name: input.lastName.trim(),
      birth_date: input.birthDate,
      ssn_last4: input.ssnLast4?.trim() || null,
      phone: input.phone?.trim() || null,
      email: input.email?.trim() || null,
    },
  };
}

/** What enrollment tells the caller: the registry's decision, or NOT_LINKED without identity consent. */
export type EnrollOutcome = Omit<LinkOutcome, 'gsid' | 'decision'> & { gsid: string | null; decision: LinkOutcome['decision'] | 'NOT_LINKED' };

function checkConsent(consent: ConsentState, today: string): ConsentState {
  if (typeof consent.shareIdentity !== 'boolean') throw badInput('consent.shareIdentity', 'must be true or false');
  if (typeof consent.shareRecords !== 'boolean') throw badInput('consent.shareRecords', 'must be true or false');
  const inFigures = consent.inFigures ?? true;
  if (typeof inFigures !== 'boolean') throw badInput('consent.inFigures', 'must be true or false');
  return {
    shareIdentity: consent.shareIdentity,
    shareRecords: consent.shareRecords,
    inFigures,
    recordedOn: checkDate(consent.recordedOn, 'consent.recordedOn', today),
  };
}
