import { OUTCOME_PERIODS, PROGRAM_TYPES, RACE_ETHNICITY_CODES, SEX_CODES, STAGES, WAVES } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { findProvidedFunction, PROVIDED_FUNCTION, readDataVersion } from '../version/data-version';

export interface ConformanceProblem {
  relation: string;
  column?: string;
  problem: string;
}

type Kind = 'text' | 'date' | 'integer' | 'number' | 'boolean' | 'text[]' | 'timestamptz';

/** What the partner subgraph reads: relation -> column -> kind. Tables or views, either works. */
const REQUIRED: Record<string, Record<string, Kind>> = {
  participant: {
    local_id: 'text',
    gsid: 'text',
    enrolled_on: 'date',
    exited_on: 'date',
    program_type: 'text',
    sex: 'text',
    race_ethnicity: 'text[]',
    birth_year: 'integer',
    county_fips: 'text',
    cohort: 'text',
  },
  stage_event: { id: 'integer', participant_local_id: 'text', stage: 'text', entered_on: 'date', exited_on: 'date' },
  outcome: {
    id: 'integer',
    participant_local_id: 'text',
    indicator_code: 'text',
    indicator_version: 'integer',
    value_number: 'number',
    value_boolean: 'boolean',
    period: 'text',
    wave: 'text',
    observed_on: 'date',
  },
};

/** Relations the partner subgraph reads when they are there: absent is fine, present must be usable. */
const OPTIONAL: Record<string, Record<string, Kind>> = {
  // Without it every participant has the default consent (docs/OWN-DATABASE.md).
  participant_consent: {
    local_id: 'text',
    share_identity: 'boolean',
    share_records: 'boolean',
    in_figures: 'boolean',
    recorded_on: 'date',
    updated_at: 'timestamptz',
  },
};

const ACCEPTS: Record<Kind, string[]> = {
  text: ['text', 'character varying', 'character'],
  date: ['date'],
  integer: ['integer', 'bigint', 'smallint'],
  number: ['numeric', 'double precision', 'real', 'integer', 'bigint', 'smallint'],
  boolean: ['boolean'],
  'text[]': ['_text', '_varchar', '_bpchar'],
  timestamptz: ['timestamp with time zone'],
};

const list = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');

/** Value checks, run only when the columns are all there: at most 5 offending values each. */
const VALUE_CHECKS: Array<{ relation: string; column: string; problem: string; sql: string }> = [
  {
    relation: 'participant',
    column: 'sex',
    problem: 'codes outside the Sex code list',
    sql: `SELECT DISTINCT sex::text AS v FROM participant WHERE sex IS NULL OR sex NOT IN (${list(SEX_CODES)})`,
  },
  {
    relation: 'participant',
    column: 'program_type',
    problem: 'codes outside the ProgramType code list',
    sql: `SELECT DISTINCT program_type::text AS v FROM participant WHERE program_type IS NULL OR program_type NOT IN (${list(PROGRAM_TYPES)})`,
  },
  {
    relation: 'participant',
    column: 'race_ethnicity',
    problem: 'codes outside the RaceEthnicity code list',
    sql: `SELECT DISTINCT r AS v FROM participant, unnest(race_ethnicity) AS r WHERE r NOT IN (${list(RACE_ETHNICITY_CODES)})`,
  },
  {
    relation: 'participant',
    column: 'local_id',
    problem: 'missing or duplicate local ids',
    sql: `SELECT coalesce(local_id::text, '(null)') AS v FROM participant GROUP BY local_id HAVING local_id IS NULL OR count(*) > 1`,
  },
  {
    relation: 'participant',
    column: 'gsid',
    problem: 'GSIDs that are not well-formed',
    sql: `SELECT DISTINCT gsid::text AS v FROM participant WHERE gsid IS NOT NULL AND gsid !~ '^gs_[0-9a-hjkmnp-tv-y]{12}$'`,
  },
  {
    relation: 'participant',
    column: 'county_fips',
    problem: 'county codes that are not 5-digit FIPS',
    sql: `SELECT DISTINCT county_fips::text AS v FROM participant WHERE county_fips IS NOT NULL AND county_fips !~ '^[0-9]{5}$'`,
  },
  {
    relation: 'participant',
    column: 'cohort',
    problem: 'cohorts that do not match enrolled_on (YYYYQn)',
    sql: `SELECT DISTINCT local_id::text AS v FROM participant WHERE cohort IS DISTINCT FROM (extract(year FROM enrolled_on)::int::text || 'Q' || extract(quarter FROM enrolled_on)::int::text)`,
  },
  {
    relation: 'participant',
    column: 'exited_on',
    problem: 'exits before enrollment',
    sql: `SELECT local_id::text AS v FROM participant WHERE exited_on < enrolled_on`,
  },
  {
    relation: 'stage_event',
    column: 'stage',
    problem: 'codes outside the Stage code list',
    sql: `SELECT DISTINCT stage::text AS v FROM stage_event WHERE stage IS NULL OR stage NOT IN (${list(STAGES)})`,
  },
  {
    relation: 'stage_event',
    column: 'participant_local_id',
    problem: 'events of unknown participants',
    sql: `SELECT DISTINCT s.participant_local_id::text AS v FROM stage_event s LEFT JOIN participant p ON p.local_id = s.participant_local_id WHERE p.local_id IS NULL`,
  },
  {
    relation: 'outcome',
    column: 'period',
    problem: 'codes outside the OutcomePeriod code list',
    sql: `SELECT DISTINCT period::text AS v FROM outcome WHERE period IS NULL OR period NOT IN (${list(OUTCOME_PERIODS)})`,
  },
  {
    relation: 'outcome',
    column: 'wave',
    problem: 'codes outside the Wave code list',
    sql: `SELECT DISTINCT wave::text AS v FROM outcome WHERE wave IS NULL OR wave NOT IN (${list(WAVES)})`,
  },
  {
    relation: 'outcome',
    column: 'value_number',
    problem: 'rows without exactly one of value_number and value_boolean',
    sql: `SELECT id::text AS v FROM outcome WHERE (value_number IS NULL) = (value_boolean IS NULL)`,
  },
  {
    relation: 'outcome',
    column: 'participant_local_id',
    problem: 'outcomes of unknown participants',
    sql: `SELECT DISTINCT o.participant_local_id::text AS v FROM outcome o LEFT JOIN participant p ON p.local_id = o.participant_local_id WHERE p.local_id IS NULL`,
  },
];

/**
 * Whether a partner database (own tables or views, in `schema`) serves the contract: relations
 * and columns present with usable types, then values inside the code lists. Empty means it conforms.
 */
export async function checkConformance(dataSource: DataSource, schema: string): Promise<ConformanceProblem[]> {
  const problems: ConformanceProblem[] = [];
  const columns: Array<{ table_name: string; column_name: string; data_type: string; udt_name: string }> = await dataSource.query(
    `SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns WHERE table_schema = $1`,
    [schema],
  );
  // Relations that are missing, and columns missing or of a type the partner subgraph cannot read.
  const missing = new Set<string>();
  const broken = new Set<string>();
  for (const [relation, wanted] of [...Object.entries(REQUIRED), ...Object.entries(OPTIONAL)]) {
    const found = columns.filter((c) => c.table_name === relation);
    if (!found.length && relation in OPTIONAL) continue;
    if (!found.length) {
      problems.push({ relation, problem: `no table or view "${schema}.${relation}"` });
      missing.add(relation);
      continue;
    }
    for (const [column, kind] of Object.entries(wanted)) {
      const column_ = found.find((c) => c.column_name === column);
      if (!column_) {
        problems.push({ relation, column, problem: 'missing column' });
        broken.add(`${relation}.${column}`);
      } else if (!ACCEPTS[kind].includes(kind === 'text[]' ? column_.udt_name : column_.data_type)) {
        problems.push({ relation, column, problem: `type ${column_.data_type === 'ARRAY' ? column_.udt_name : column_.data_type}, expected ${kind}` });
        broken.add(`${relation}.${column}`);
      }
    }
  }
  // Values are checked wherever the columns a check reads are there, so one run reports both
  // kinds of problem; a check the database cannot run says so instead of hiding the rest.
  for (const check of VALUE_CHECKS) {
    const joins = check.sql.includes('JOIN participant');
    if (
      missing.has(check.relation) ||
      broken.has(`${check.relation}.${check.column}`) ||
      (joins && (missing.has('participant') || broken.has('participant.local_id')))
    )
      continue;
    let rows: Array<{ v: string }>;
    try {
      rows = await dataSource.query(`${check.sql} LIMIT 5`);
    } catch (error) {
      problems.push({ relation: check.relation, column: check.column, problem: `values not checked: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    if (rows.length)
      problems.push({ relation: check.relation, column: check.column, problem: `${check.problem}, e.g. ${rows.map((r) => JSON.stringify(r.v)).join(', ')}` });
  }
  const versionProblem = await checkProvidedVersion(dataSource, schema);
  if (versionProblem) problems.push({ relation: `${PROVIDED_FUNCTION}()`, problem: versionProblem });
  return problems;
}

/** The optional data-version function of a views schema: when present, it must answer text. */
async function checkProvidedVersion(dataSource: DataSource, schema: string): Promise<string | undefined> {
  const provided = await findProvidedFunction(dataSource, schema);
  if (!provided || provided.problem) return provided?.problem;
  try {
    await readDataVersion(dataSource, 'function');
    return undefined;
  } catch (error) {
    return `fails: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}
