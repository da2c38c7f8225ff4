import { badInput, EARNINGS_OUTCOME_CODES } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { Probe } from '../db/probe';
import type { ConsentCoverage, DataQuality, FieldCompleteness, ReportingStatus } from './quality.type';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface QualityPeriod {
  from: string;
  to: string;
  dueDays: number;
  asOf: string;
}

/** Per-participant counts of the period (timeliness columns only where entry times exist). */
interface ParticipantCounts {
  n: number;
  sex_present: number;
  sex_refused: number;
  race_present: number;
  birth_present: number;
  county_present: number;
  gsid_present: number;
  exit_present: number;
  age_out_of_range: number;
  exit_in_future: number;
  t0?: number;
  t1?: number;
  t4?: number;
  t7?: number;
  t11?: number;
  latest_entry_at?: string | Date | null;
}

interface OutcomeCounts {
  negative_earnings: number;
  observed_before_enrollment: number;
  observed_in_period: number;
}

interface OutlierRow {
  indicator_code: string;
  n: number;
  lo: number | null;
  hi: number | null;
  outliers: number;
}

interface ConsentCounts {
  recorded: number;
  identity_shared: number;
  records_shared: number;
  in_figures: number;
  defaults: number;
}

interface DuplicateCounts {
  by_gsid: number;
  by_identity?: number;
}

interface Capabilities {
  entryTimes: boolean;
  identity: boolean;
  consent: boolean;
}

function checkPeriod(period: QualityPeriod): void {
  for (const [field, value] of [
    ['from', period.from],
    ['to', period.to],
    ['asOf', period.asOf],
  ] as const) {
    if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) throw badInput(field, `"${value}" is not a date (YYYY-MM-DD)`);
  }
  if (period.from > period.to) throw badInput('from', 'is after to');
  if (!Number.isInteger(period.dueDays) || period.dueDays < 0 || period.dueDays > 365) throw badInput('dueDays', 'must be between 0 and 365');
}

/**
 * Data-health measures of one partner for participants enrolled in a period, computed in its
 * own database (a handful of statements, counts only). Entry timestamps and identity fields
 * exist only in partner-managed tables: over a partner's own views, timeliness and name-based
 * duplicates are left out rather than guessed. Consent is optional in views: without a
 * participant_consent relation every participant has the defaults.
 */
export class DataQualityService {
  private readonly capabilities = new Probe<Capabilities>(() =>
    this.dataSource
      .query(
        `SELECT
           EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'participant' AND column_name = 'created_at') AS entry_times,
           to_regclass('participant_identity') IS NOT NULL AS identity,
           to_regclass('participant_consent') IS NOT NULL AS consent`,
      )
      .then(([row]: Array<{ entry_times: boolean; identity: boolean; consent: boolean }>) => ({
        entryTimes: row.entry_times,
        identity: row.identity,
        consent: row.consent,
      })),
  );

  constructor(private readonly dataSource: DataSource) {}

  private detect(): Promise<Capabilities> {
    return this.capabilities.get();
  }

  async measure(period: QualityPeriod): Promise<DataQuality> {
    checkPeriod(period);
    const { entryTimes, identity, consent } = await this.detect();
    const range = [period.from, period.to];
    const participants = await this.participantCounts(range, period.asOf, entryTimes);
    const outcomes = await this.outcomeCounts(range);
    const outliers = await this.outliers(range);
    const duplicates = await this.duplicates(range, identity);
    const consentCounts = await this.consentCounts(range, consent);
    return assemble(period, participants, outcomes, outliers, duplicates, consentCounts, entryTimes);
  }

  private async participantCounts(range: string[], asOf: string, entryTimes: boolean): Promise<ParticipantCounts> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n,
         count(*) FILTER (WHERE sex <> 'NOT_SELF_IDENTIFIED')::int AS sex_present,
         count(*) FILTER (WHERE sex = 'NOT_SELF_IDENTIFIED')::int AS sex_refused,
         count(*) FILTER (WHERE cardinality(race_ethnicity) > 0)::int AS race_present,
         count(*) FILTER (WHERE birth_year IS NOT NULL)::int AS birth_present,
         count(*) FILTER (WHERE county_fips IS NOT NULL)::int AS county_present,
         count(*) FILTER (WHERE gsid IS NOT NULL)::int AS gsid_present,
         count(*) FILTER (WHERE exited_on IS NOT NULL)::int AS exit_present,
         count(*) FILTER (WHERE extract(year FROM enrolled_on)::int - birth_year NOT BETWEEN 14 AND 100)::int AS age_out_of_range,
         count(*) FILTER (WHERE exited_on > $3::date)::int AS exit_in_future
         ${
           entryTimes
             ? `,
         count(*) FILTER (WHERE created_at::date - enrolled_on <= 0)::int AS t0,
         count(*) FILTER (WHERE created_at::date - enrolled_on BETWEEN 1 AND 3)::int AS t1,
         count(*) FILTER (WHERE created_at::date - enrolled_on BETWEEN 4 AND 6)::int AS t4,
         count(*) FILTER (WHERE created_at::date - enrolled_on BETWEEN 7 AND 10)::int AS t7,
         count(*) FILTER (WHERE created_at::date - enrolled_on >= 11)::int AS t11,
         (SELECT max(greatest(created_at, updated_at)) FROM participant) AS latest_entry_at`
             : ''
         }
       FROM participant WHERE enrolled_on BETWEEN $1 AND $2`,
      [...range, asOf],
    );
    return row;
  }

  private async outcomeCounts(range: string[]): Promise<OutcomeCounts> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE o.indicator_code = ANY($3::text[]) AND o.value_number < 0)::int AS negative_earnings,
         count(*) FILTER (WHERE o.observed_on < p.enrolled_on)::int AS observed_before_enrollment,
         (SELECT count(*) FROM outcome x WHERE x.observed_on BETWEEN $1 AND $2)::int AS observed_in_period
       FROM outcome o JOIN participant p ON p.local_id = o.participant_local_id
       WHERE p.enrolled_on BETWEEN $1 AND $2`,
      [...range, EARNINGS_OUTCOME_CODES],
    );
    return row;
  }

  /** Per indicator, values beyond three interquartile ranges from the quartiles. */
  private outliers(range: string[]): Promise<OutlierRow[]> {
    return this.dataSource.query(
      `WITH v AS (
         SELECT o.indicator_code, o.value_number::float8 AS value FROM outcome o JOIN participant p ON p.local_id = o.participant_local_id
         WHERE p.enrolled_on BETWEEN $1 AND $2 AND o.value_number IS NOT NULL),
       q AS (
         SELECT indicator_code, count(*)::int AS n,
           percentile_cont(0.25) WITHIN GROUP (ORDER BY value) AS q1, percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS q3
         FROM v GROUP BY indicator_code)
       SELECT q.indicator_code, q.n, q.q1 - 3 * (q.q3 - q.q1) AS lo, q.q3 + 3 * (q.q3 - q.q1) AS hi,
         (SELECT count(*) FROM v WHERE v.indicator_code = q.indicator_code
           AND (v.value < q.q1 - 3 * (q.q3 - q.q1) OR v.value > q.q3 + 3 * (q.q3 - q.q1)))::int AS outliers
       FROM q ORDER BY q.indicator_code`,
      range,
    );
  }

  /** Without a consent relation (views that provide none), every participant has the defaults: both yes. */
  private async consentCounts(range: string[], consent: boolean): Promise<ConsentCounts> {
    const [row] = await this.dataSource.query(
      consent
        ? `SELECT count(c.local_id)::int AS recorded,
             count(*) FILTER (WHERE coalesce(c.share_identity, true))::int AS identity_shared,
             count(*) FILTER (WHERE coalesce(c.share_records, true))::int AS records_shared,
             count(*) FILTER (WHERE coalesce(c.in_figures, true))::int AS in_figures,
             count(*) FILTER (WHERE c.local_id IS NULL)::int AS defaults
           FROM participant p LEFT JOIN participant_consent c ON c.local_id = p.local_id
           WHERE p.enrolled_on BETWEEN $1 AND $2`
        : `SELECT 0 AS recorded, count(*)::int AS identity_shared, count(*)::int AS records_shared, count(*)::int AS in_figures, count(*)::int AS defaults
           FROM participant WHERE enrolled_on BETWEEN $1 AND $2`,
      range,
    );
    return row;
  }

  private async duplicates(range: string[], identity: boolean): Promise<DuplicateCounts> {
    const [row] = await this.dataSource.query(
      `SELECT
         -- Same GSID with spells that overlap: a person enrolled twice at once. Coming back after an exit is a new spell, not a duplicate.
         (SELECT count(DISTINCT a.gsid) FROM participant a JOIN participant b ON b.gsid = a.gsid AND b.local_id > a.local_id
           WHERE a.gsid IS NOT NULL AND a.enrolled_on BETWEEN $1 AND $2 AND b.enrolled_on BETWEEN $1 AND $2
             AND a.enrolled_on <= coalesce(b.exited_on, 'infinity') AND b.enrolled_on <= coalesce(a.exited_on, 'infinity'))::int AS by_gsid
         ${
           identity
             ? `, (SELECT count(*) FROM (
              SELECT lower(i.last_name), lower(i.first_name), i.birth_date FROM participant_identity i JOIN participant p USING (local_id)
              WHERE p.enrolled_on BETWEEN $1 AND $2 AND i.last_name IS NOT NULL AND i.birth_date IS NOT NULL
              GROUP BY 1, 2, 3 HAVING count(*) > 1) n)::int AS by_identity`
             : ''
         }`,
      range,
    );
    return row;
  }
}

function assemble(
  period: QualityPeriod,
  p: ParticipantCounts,
  o: OutcomeCounts,
  outliers: OutlierRow[],
  d: DuplicateCounts,
  c: ConsentCounts,
  entryTimes: boolean,
): DataQuality {
  const consent: ConsentCoverage = {
    recorded: c.recorded,
    identityShared: c.identity_shared,
    recordsShared: c.records_shared,
    inFigures: c.in_figures,
    defaults: c.defaults,
  };
  const n = p.n;
  const completeness = (field: string, present: number, refused = 0): FieldCompleteness => ({
    field,
    present,
    refused,
    dontKnow: 0,
    missing: n - present - refused,
    share: n ? present / n : 0,
  });
  const submitted = n > 0 || o.observed_in_period > 0;
  const dueOn = addDays(period.to, period.dueDays);
  const reportingStatus: ReportingStatus = submitted ? 'SUBMITTED' : period.asOf > dueOn ? 'LATE' : 'NOT_DUE';
  return {
    from: period.from,
    to: period.to,
    participants: n,
    completeness: [
      completeness('sex', p.sex_present, p.sex_refused),
      completeness('raceEthnicity', p.race_present),
      completeness('birthYear', p.birth_present),
      completeness('countyFips', p.county_present),
      completeness('gsid', p.gsid_present),
      completeness('exitedOn', p.exit_present),
    ],
    timeliness: entryTimes
      ? (
          [
            ['0', p.t0],
            ['1-3', p.t1],
            ['4-6', p.t4],
            ['7-10', p.t7],
            ['11+', p.t11],
          ] as const
        ).map(([days, count]) => ({ days, count: count as number }))
      : [],
    validity: [
      { rule: 'age at enrollment between 14 and 100', violations: p.age_out_of_range },
      { rule: 'exit date not in the future', violations: p.exit_in_future },
      { rule: 'earnings not negative', violations: o.negative_earnings },
      { rule: 'outcome observed on or after enrollment', violations: o.observed_before_enrollment },
    ],
    duplicateGroups: d.by_gsid + (d.by_identity ?? 0),
    outliers: outliers.map((r) => ({ indicatorCode: r.indicator_code, values: r.n, outliers: r.outliers, lowerBound: r.lo, upperBound: r.hi })),
    consent,
    latestEntryAt: entryTimes && p.latest_entry_at ? new Date(p.latest_entry_at) : null,
    reportingStatus,
    dueOn,
  };
}
