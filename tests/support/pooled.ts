import { Client } from 'pg';
import type { Coalition } from '@coalition/demo';
import { createTestDatabase } from './database';

/**
 * The baseline a coalition would otherwise build: every partner's records copied into one
 * database, with a partner_id column. Indicator figures computed here with plain SQL are the
 * independent check of what the gateway returns.
 */
export class PooledDatabase {
  private constructor(
    readonly client: Client,
    private readonly drop: () => Promise<void>,
  ) {}

  static async load(coalition: Coalition): Promise<PooledDatabase> {
    const database = await createTestDatabase('pooled');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`
      CREATE TABLE participant (
        partner_id text NOT NULL, local_id text NOT NULL, gsid text, enrolled_on date NOT NULL, exited_on date,
        program_type text NOT NULL, sex text NOT NULL, race_ethnicity text[] NOT NULL, birth_year int, county_fips text,
        PRIMARY KEY (partner_id, local_id));
      CREATE TABLE outcome (
        partner_id text NOT NULL, participant_local_id text NOT NULL, indicator_code text NOT NULL, period text NOT NULL,
        value_number numeric, value_boolean boolean, observed_on date, id bigint NOT NULL);
      CREATE TABLE stage_event (partner_id text NOT NULL, participant_local_id text NOT NULL, stage text NOT NULL, entered_on date NOT NULL);
      CREATE TABLE survey_answer (partner_id text NOT NULL, participant_local_id text NOT NULL, question_code text NOT NULL, wave text NOT NULL, answer_number numeric, answered_on date)`);
    for (const [partnerId, partner] of coalition.partners) {
      const source = partner.database.dataSource;
      const participants = await source.query(
        `SELECT local_id, gsid, enrolled_on::text, exited_on::text, program_type, sex, race_ethnicity, birth_year, county_fips FROM participant`,
      );
      const outcomes = await source.query(
        `SELECT participant_local_id, indicator_code, period, value_number, value_boolean, observed_on::text, id FROM outcome`,
      );
      await client.query(
        `INSERT INTO participant SELECT $1, r.local_id, r.gsid, r.enrolled_on, r.exited_on, r.program_type, r.sex, r.race_ethnicity, r.birth_year, r.county_fips
           FROM json_populate_recordset(NULL::participant, $2::json) r`,
        [partnerId, JSON.stringify(participants)],
      );
      for (const [table, columns] of [
        ['stage_event', 'participant_local_id, stage, entered_on::text'],
        ['survey_answer', 'participant_local_id, question_code, wave, answer_number, answered_on::text'],
      ]) {
        const rows = await source.query(`SELECT ${columns} FROM ${table}`);
        await client.query(`INSERT INTO ${table} SELECT r.* FROM json_populate_recordset(NULL::${table}, $1::json) r`, [
          JSON.stringify(rows.map((row: object) => ({ partner_id: partnerId, ...row }))),
        ]);
      }
      await client.query(
        `INSERT INTO outcome SELECT $1, r.participant_local_id, r.indicator_code, r.period, r.value_number, r.value_boolean, r.observed_on, r.id
           FROM json_populate_recordset(NULL::outcome, $2::json) r`,
        [partnerId, JSON.stringify(outcomes)],
      );
    }
    return new PooledDatabase(client, database.drop);
  }

  async close(): Promise<void> {
    await this.client.end();
    await this.drop();
  }
}

/** Dimension values written out again here, by hand: the check must not share the partners' SQL. */
export const POOLED_DIMENSION: Record<string, string> = {
  PARTNER: 'p.partner_id',
  SEX: 'p.sex',
  RACE_GROUP: `CASE (SELECT count(DISTINCT r) FROM unnest(p.race_ethnicity) r) WHEN 0 THEN 'NOT_REPORTED' WHEN 1 THEN p.race_ethnicity[1] ELSE 'MULTIRACIAL' END`,
  AGE_BAND: `CASE WHEN p.birth_year IS NULL THEN 'UNKNOWN'
    WHEN date_part('year', p.enrolled_on) - p.birth_year < 16 THEN 'UNDER_16'
    WHEN date_part('year', p.enrolled_on) - p.birth_year < 19 THEN 'AGE_16_18'
    WHEN date_part('year', p.enrolled_on) - p.birth_year < 25 THEN 'AGE_19_24'
    WHEN date_part('year', p.enrolled_on) - p.birth_year < 45 THEN 'AGE_25_44'
    WHEN date_part('year', p.enrolled_on) - p.birth_year < 55 THEN 'AGE_45_54'
    WHEN date_part('year', p.enrolled_on) - p.birth_year < 60 THEN 'AGE_55_59'
    ELSE 'AGE_60_PLUS' END`,
  COUNTY: `coalesce(p.county_fips, 'UNKNOWN')`,
  COHORT: `to_char(p.enrolled_on, 'YYYY"Q"Q')`,
  PROGRAM_TYPE: 'p.program_type',
};

export interface PooledCell {
  key: string;
  people: number;
  numerator: number | null;
  value: number | null;
}

/**
 * One indicator by the given dimensions in the pooled database, people counted once by GSID at
 * their latest qualifying record (ties: the first partner id, then local id).
 */
export async function pooledIndicator(
  pooled: PooledDatabase,
  indicator: 'EMP_Q2' | 'EXITERS' | 'EARN_Q2' | 'EARN_PRE' | 'COMPLETION',
  dims: readonly string[],
  period: { from: string; before: string } | { cohort: string },
): Promise<Map<string, PooledCell>> {
  const anchor = indicator === 'EARN_PRE' ? 'p.enrolled_on' : 'p.exited_on';
  const has = (code: string, period: string, extra = '') =>
    `EXISTS (SELECT 1 FROM outcome o WHERE o.partner_id = p.partner_id AND o.participant_local_id = p.local_id AND o.indicator_code = '${code}' AND o.period = '${period}'${extra})`;
  const outcomeValue = (code: string, period: string) =>
    `(SELECT o.value_number FROM outcome o WHERE o.partner_id = p.partner_id AND o.participant_local_id = p.local_id AND o.indicator_code = '${code}' AND o.period = '${period}' AND o.value_number IS NOT NULL ORDER BY o.observed_on DESC NULLS LAST, o.id DESC LIMIT 1)`;
  const population: Record<string, string> = {
    EMP_Q2: `p.exited_on IS NOT NULL AND ${has('EMP_Q2', 'Q2_AFTER_EXIT')}`,
    COMPLETION: `p.exited_on IS NOT NULL AND ${has('COMPLETION', 'AT_EXIT')}`,
    EXITERS: 'p.exited_on IS NOT NULL',
    EARN_Q2: `p.exited_on IS NOT NULL AND ${outcomeValue('EARN_Q2', 'Q2_AFTER_EXIT')} IS NOT NULL`,
    EARN_PRE: `${outcomeValue('EARN_PRE', 'BEFORE_INTAKE')} IS NOT NULL`,
  };
  const hit: Record<string, string> = {
    EMP_Q2: has('EMP_Q2', 'Q2_AFTER_EXIT', ' AND o.value_boolean'),
    COMPLETION: has('COMPLETION', 'AT_EXIT', ' AND o.value_boolean'),
  };
  const value: Record<string, string> = { EARN_Q2: outcomeValue('EARN_Q2', 'Q2_AFTER_EXIT'), EARN_PRE: outcomeValue('EARN_PRE', 'BEFORE_INTAKE') };
  const inPeriod =
    'cohort' in period
      ? `${COHORT_SQL} = '${period.cohort}' AND ${anchor} IS NOT NULL`
      : `${anchor} >= DATE '${period.from}' AND ${anchor} < DATE '${period.before}'`;
  const select = dims.map((d, i) => `${POOLED_DIMENSION[d]} AS d${i}`);
  const sql = `
    WITH qualifying AS (
      SELECT ${[...select, `${anchor} AS anchor_on`, 'p.partner_id', 'p.local_id', 'p.gsid', `${hit[indicator] ?? 'false'} AS hit`, `${value[indicator] ?? 'NULL::numeric'} AS val`].join(', ')}
        FROM participant p WHERE ${inPeriod} AND ${population[indicator]}
    ), ranked AS (
      SELECT q.*, row_number() OVER (PARTITION BY coalesce(q.gsid, q.partner_id || '/' || q.local_id) ORDER BY q.anchor_on DESC, q.partner_id COLLATE "C", q.local_id) AS rn FROM qualifying q
    )
    SELECT ${[...dims.map((_d, i) => `d${i}`), 'count(*)::int AS people', 'count(*) FILTER (WHERE hit)::int AS numerator', 'avg(val)::float8 AS mean', 'percentile_cont(0.5) WITHIN GROUP (ORDER BY val)::float8 AS median'].join(', ')}
      FROM ranked WHERE rn = 1 ${dims.length ? `GROUP BY ${dims.map((_d, i) => `d${i}`).join(', ')}` : ''}`;
  const { rows } = await pooled.client.query(sql);
  const result = new Map<string, PooledCell>();
  for (const row of rows) {
    const key = dims.map((d, i) => `${d}=${row[`d${i}`]}`).join('|');
    const people = Number(row.people);
    if (people === 0) continue;
    const numerator = Number(row.numerator);
    const figure =
      indicator === 'EMP_Q2' || indicator === 'COMPLETION'
        ? (100 * numerator) / people
        : indicator === 'EXITERS'
          ? people
          : indicator === 'EARN_Q2'
            ? Number(row.median)
            : Number(row.mean);
    result.set(key, { key, people, numerator: indicator === 'EMP_Q2' || indicator === 'COMPLETION' ? numerator : null, value: figure });
  }
  return result;
}

const COHORT_SQL = `to_char(p.enrolled_on, 'YYYY"Q"Q')`;
