import type { EntityManager } from 'typeorm';
import type { ImportKind } from './fields';
import type { ParticipantConsent } from './records';
import type { ImportRecord, ParticipantRecord } from './validate';

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

// Each statement inserts or updates by the natural key, and updates only rows that differ, so a
// re-import of the same file reports everything unchanged. RETURNING (xmax = 0) tells inserts from updates;
// participants also return their local id, to count a change made only to their identity row.
const SQL: Record<ImportKind, string> = {
  participants: `
    INSERT INTO participant AS t (local_id, gsid, enrolled_on, exited_on, program_type, sex, race_ethnicity, birth_year, county_fips)
    SELECT local_id, gsid, enrolled_on, exited_on, program_type, sex, race_ethnicity, birth_year, county_fips
    FROM jsonb_to_recordset($1::jsonb) AS x(local_id text, gsid text, enrolled_on date, exited_on date, program_type text,
      sex text, race_ethnicity text[], birth_year int, county_fips text)
    ON CONFLICT (local_id) DO UPDATE SET
      gsid = coalesce(EXCLUDED.gsid, t.gsid), enrolled_on = EXCLUDED.enrolled_on, exited_on = EXCLUDED.exited_on,
      program_type = EXCLUDED.program_type, sex = EXCLUDED.sex, race_ethnicity = EXCLUDED.race_ethnicity,
      birth_year = EXCLUDED.birth_year, county_fips = EXCLUDED.county_fips, updated_at = now()
    WHERE (coalesce(EXCLUDED.gsid, t.gsid), EXCLUDED.enrolled_on, EXCLUDED.exited_on, EXCLUDED.program_type, EXCLUDED.sex,
           EXCLUDED.race_ethnicity, EXCLUDED.birth_year, EXCLUDED.county_fips)
      IS DISTINCT FROM (t.gsid, t.enrolled_on, t.exited_on, t.program_type, t.sex, t.race_ethnicity, t.birth_year, t.county_fips)
    RETURNING local_id, (xmax = 0) AS inserted`,
  stage_events: `
    INSERT INTO stage_event AS t (participant_local_id, stage, entered_on, exited_on)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(participant_local_id text, stage text, entered_on date, exited_on date)
    ON CONFLICT (participant_local_id, stage, entered_on) DO UPDATE SET exited_on = EXCLUDED.exited_on
    WHERE EXCLUDED.exited_on IS DISTINCT FROM t.exited_on
    RETURNING (xmax = 0) AS inserted`,
  outcomes: `
    INSERT INTO outcome AS t (participant_local_id, indicator_code, indicator_version, value_number, value_boolean, period, wave, observed_on)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(participant_local_id text, indicator_code text, indicator_version int,
      value_number numeric, value_boolean boolean, period text, wave text, observed_on date)
    ON CONFLICT (participant_local_id, indicator_code, indicator_version, period, wave) DO UPDATE SET
      value_number = EXCLUDED.value_number, value_boolean = EXCLUDED.value_boolean, observed_on = EXCLUDED.observed_on
    WHERE (EXCLUDED.value_number, EXCLUDED.value_boolean, EXCLUDED.observed_on) IS DISTINCT FROM (t.value_number, t.value_boolean, t.observed_on)
    RETURNING (xmax = 0) AS inserted`,
  survey_answers: `
    INSERT INTO survey_answer AS t (participant_local_id, question_code, answer_number, answer_boolean, answer_text, wave, answered_on)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(participant_local_id text, question_code text, answer_number numeric,
      answer_boolean boolean, answer_text text, wave text, answered_on date)
    ON CONFLICT (participant_local_id, question_code, wave) DO UPDATE SET
      answer_number = EXCLUDED.answer_number, answer_boolean = EXCLUDED.answer_boolean, answer_text = EXCLUDED.answer_text, answered_on = EXCLUDED.answered_on
    WHERE (EXCLUDED.answer_number, EXCLUDED.answer_boolean, EXCLUDED.answer_text, EXCLUDED.answered_on)
      IS DISTINCT FROM (t.answer_number, t.answer_boolean, t.answer_text, t.answered_on)
    RETURNING (xmax = 0) AS inserted`,
};

const IDENTITY_SQL = `
  INSERT INTO participant_identity AS t (local_id, first_name, last_name, birth_date, ssn_last4, phone, email)
  SELECT local_id, first_name, last_name, birth_date, ssn_last4, phone, email
  FROM jsonb_to_recordset($1::jsonb) AS x(local_id text, first_name text, last_name text, birth_date date, ssn_last4 text, phone text, email text)
  ON CONFLICT (local_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, birth_date = EXCLUDED.birth_date,
    ssn_last4 = EXCLUDED.ssn_last4, phone = EXCLUDED.phone, email = EXCLUDED.email, updated_at = now()
  WHERE (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.birth_date, EXCLUDED.ssn_last4, EXCLUDED.phone, EXCLUDED.email)
    IS DISTINCT FROM (t.first_name, t.last_name, t.birth_date, t.ssn_last4, t.phone, t.email)
  RETURNING local_id`;

// A share field left blank keeps the stored value, or the default (yes) when none is stored.
const CONSENT_SQL = `
  INSERT INTO participant_consent AS t (local_id, share_identity, share_records, in_figures, recorded_on)
  SELECT x.local_id, coalesce(x.share_identity, c.share_identity, true), coalesce(x.share_records, c.share_records, true),
    coalesce(x.in_figures, c.in_figures, true), x.recorded_on
  FROM jsonb_to_recordset($1::jsonb) AS x(local_id text, share_identity boolean, share_records boolean, in_figures boolean, recorded_on date)
  LEFT JOIN participant_consent c ON c.local_id = x.local_id
  ON CONFLICT (local_id) DO UPDATE SET share_identity = EXCLUDED.share_identity, share_records = EXCLUDED.share_records,
    in_figures = EXCLUDED.in_figures, recorded_on = EXCLUDED.recorded_on, updated_at = now()
  WHERE (EXCLUDED.share_identity, EXCLUDED.share_records, EXCLUDED.in_figures, EXCLUDED.recorded_on)
    IS DISTINCT FROM (t.share_identity, t.share_records, t.in_figures, t.recorded_on)
  RETURNING local_id`;

// The upsert keeps a stored GSID when the row has none; a person who no longer shares its identity loses it.
// (Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not the rows.)
const CLEAR_GSID_SQL = `
  WITH cleared AS (
    UPDATE participant SET gsid = NULL, updated_at = now() WHERE local_id = ANY($1::text[]) AND gsid IS NOT NULL RETURNING local_id
  )
  SELECT local_id FROM cleared`;

/**
 * Records consent inside the caller's transaction (a field left null keeps what is stored, or the
 * default yes) and clears the stored GSID of anyone who does not share their identity. Imports and
 * enrollment both record consent through it. Returns who changed, and whose GSID was cleared.
 */
export async function writeConsents(
  manager: EntityManager,
  consents: ReadonlyArray<ParticipantConsent & { local_id: string }>,
): Promise<{ changed: Array<{ local_id: string }>; cleared: Array<{ local_id: string }> }> {
  const changed = consents.length ? await manager.query(CONSENT_SQL, [JSON.stringify(consents)]) : [];
  const withheld = consents.filter((c) => c.share_identity === false).map((c) => c.local_id);
  const cleared = withheld.length ? await manager.query(CLEAR_GSID_SQL, [withheld]) : [];
  return { changed, cleared };
}

export interface BatchCounts extends WriteCounts {
  /** participants whose stored GSID was cleared because they do not share their identity (any registry link stays) */
  identityWithdrawn: number;
}

/** Writes one batch inside the caller's transaction; returns what changed. */
export async function writeBatch(manager: EntityManager, kind: ImportKind, records: ImportRecord[]): Promise<BatchCounts> {
  const withheld = (r: ParticipantRecord) => r.consent?.share_identity === false;
  const rows =
    kind === 'participants'
      ? (records as ParticipantRecord[]).map(({ identity: _identity, consent: _consent, ...rest }, i) =>
          withheld(records[i] as ParticipantRecord) ? { ...rest, gsid: null } : rest,
        )
      : records;
  let changed: Array<{ local_id?: string; inserted: boolean }> = await manager.query(SQL[kind], [JSON.stringify(rows)]);
  let identityWithdrawn = 0;
  if (kind === 'participants') {
    // Names and contact details live in the identity table, consent in its own, and a withdrawn
    // GSID is a change to the participant: a person whose only change is one of these was updated too.
    const also = (touched: Array<{ local_id: string }>) => {
      const counted = new Set(changed.map((c) => c.local_id));
      changed = [...changed, ...touched.filter((t) => !counted.has(t.local_id)).map((t) => ({ local_id: t.local_id, inserted: false }))];
    };
    const participants = records as ParticipantRecord[];
    const identities = participants.filter((r) => Object.values(r.identity).some((v) => v !== null)).map((r) => ({ local_id: r.local_id, ...r.identity }));
    if (identities.length) also(await manager.query(IDENTITY_SQL, [JSON.stringify(identities)]));
    const consented = participants.flatMap((r) => (r.consent ? [{ local_id: r.local_id, ...r.consent }] : []));
    const { changed: consents, cleared } = await writeConsents(manager, consented);
    also(consents);
    identityWithdrawn = cleared.length;
    also(cleared);
  }
  const inserted = changed.filter((c) => c.inserted).length;
  return { inserted, updated: changed.length - inserted, unchanged: records.length - changed.length, identityWithdrawn };
}
