import { POOLED_DIMENSION, type PooledDatabase } from './pooled';

/**
 * Pathway figures written as plain SQL over the pooled database: the independent check of the
 * gateway's funnels and pre/post changes. Everything is spelled out here again on purpose.
 */
const PERSON = `coalesce(p.gsid, p.partner_id || '/' || p.local_id)`;

export interface PooledFunnel {
  /** cell key -> per stage: people, and median days from the stage before */
  cells: Map<string, Array<{ people: number; medianDays: number | null }>>;
  /** per transition: "from>to" (to '' when the next stage was not reached) -> people */
  transitions: Array<Map<string, number>>;
}

export async function pooledFunnel(
  pooled: PooledDatabase,
  stages: readonly string[],
  dims: readonly string[],
  cohort?: { from: string; before: string },
): Promise<PooledFunnel> {
  const steps = stages.map((stage, i) =>
    i === 0
      ? `s0 AS (SELECT DISTINCT ON (person) person, partner_id AS p0, local_id AS l0, entered_on AS d0 FROM ev
        WHERE stage = '${stage}'${cohort ? ` AND entered_on >= DATE '${cohort.from}' AND entered_on < DATE '${cohort.before}'` : ''}
        ORDER BY person, entered_on, partner_id COLLATE "C", local_id COLLATE "C")`
      : `s${i} AS (SELECT s${i - 1}.*, x.partner_id AS p${i}, x.entered_on AS d${i} FROM s${i - 1} LEFT JOIN LATERAL (
        SELECT partner_id, entered_on FROM ev WHERE ev.person = s${i - 1}.person AND ev.stage = '${stage}' AND ev.entered_on >= s${i - 1}.d${i - 1}
        ORDER BY entered_on, partner_id COLLATE "C" LIMIT 1) x ON s${i - 1}.d${i - 1} IS NOT NULL)`,
  );
  const last = `s${stages.length - 1}`;
  const select = dims.map((d, i) => `${POOLED_DIMENSION[d]} AS k${i}`);
  const sql = `WITH ev AS (
      SELECT ${PERSON} AS person, s.partner_id, s.participant_local_id AS local_id, s.stage, s.entered_on
        FROM stage_event s JOIN participant p ON p.partner_id = s.partner_id AND p.local_id = s.participant_local_id
    ), ${steps.join(', ')}
    SELECT ${[...select, ...stages.flatMap((_s, i) => [`f.p${i}`, `f.d${i}`])].join(', ')}
      FROM ${last} f JOIN participant p ON p.partner_id = f.p0 AND p.local_id = f.l0`;
  const { rows } = await pooled.client.query(sql);
  const days = new Map<string, number[][]>();
  const result: PooledFunnel = { cells: new Map(), transitions: stages.slice(1).map(() => new Map()) };
  const dayOf = (value: Date) => Math.round(value.getTime() / 86_400_000);
  for (const row of rows) {
    const key = dims.map((d, i) => `${d}=${row[`k${i}`]}`).join('|');
    let cell = result.cells.get(key);
    if (!cell) {
      cell = stages.map(() => ({ people: 0, medianDays: null }));
      result.cells.set(key, cell);
      days.set(
        key,
        stages.map(() => []),
      );
    }
    for (let i = 0; i < stages.length; i++) {
      if (row[`d${i}`] === null) break;
      cell[i].people++;
      if (i > 0) days.get(key)![i].push(dayOf(row[`d${i}`]) - dayOf(row[`d${i - 1}`]));
    }
    for (let i = 1; i < stages.length; i++) {
      if (row[`d${i - 1}`] === null) break;
      const pair = `${row[`p${i - 1}`]}>${row[`d${i}`] === null ? '' : row[`p${i}`]}`;
      result.transitions[i - 1].set(pair, (result.transitions[i - 1].get(pair) ?? 0) + 1);
    }
  }
  for (const [key, cell] of result.cells) {
    days.get(key)!.forEach((list, i) => {
      if (!list.length) return;
      list.sort((a, b) => a - b);
      const mid = Math.floor(list.length / 2);
      cell[i].medianDays = list.length % 2 ? list[mid] : (list[mid - 1] + list[mid]) / 2;
    });
  }
  return result;
}

export interface PooledChange {
  n: number;
  mean: number;
  median: number;
  sd: number | null;
  meanBefore: number;
  meanAfter: number;
}

type Measure = { outcome: string; period: string } | { survey: string; wave: string };

function observations(measure: Measure, m: number): string {
  if ('outcome' in measure) {
    return `SELECT ${PERSON} AS person, o.partner_id, o.participant_local_id AS local_id, ${m} AS m, o.value_number AS v, o.observed_on AS d
      FROM outcome o JOIN participant p ON p.partner_id = o.partner_id AND p.local_id = o.participant_local_id
     WHERE o.indicator_code = '${measure.outcome}' AND o.period = '${measure.period}' AND o.value_number IS NOT NULL AND o.observed_on IS NOT NULL`;
  }
  return `SELECT ${PERSON} AS person, a.partner_id, a.participant_local_id AS local_id, ${m} AS m, a.answer_number AS v, a.answered_on AS d
    FROM survey_answer a JOIN participant p ON p.partner_id = a.partner_id AND p.local_id = a.participant_local_id
   WHERE a.question_code = '${measure.survey}' AND a.wave = '${measure.wave}' AND a.answer_number IS NOT NULL AND a.answered_on IS NOT NULL`;
}

/** Per person: the first `before` value, and the first `after` value on or after its day; aggregated by the before record's cell. */
export async function pooledChange(pooled: PooledDatabase, before: Measure, after: Measure, dims: readonly string[]): Promise<Map<string, PooledChange>> {
  const select = dims.map((d, i) => `${POOLED_DIMENSION[d]} AS k${i}`);
  const sql = `WITH obs AS (${observations(before, 0)} UNION ALL ${observations(after, 1)}),
    b AS (SELECT DISTINCT ON (person) * FROM obs WHERE m = 0 ORDER BY person, d, partner_id COLLATE "C"),
    pairs AS (SELECT b.partner_id, b.local_id, b.v AS before, x.v AS after FROM b JOIN LATERAL (
      SELECT v FROM obs WHERE obs.person = b.person AND obs.m = 1 AND obs.d >= b.d ORDER BY d, partner_id COLLATE "C" LIMIT 1) x ON true)
    SELECT ${[
      ...select,
      'count(*)::int AS n',
      'avg(after - before)::float8 AS mean',
      'percentile_cont(0.5) WITHIN GROUP (ORDER BY after - before)::float8 AS median',
      'stddev_samp(after - before)::float8 AS sd',
      'avg(before)::float8 AS mean_before',
      'avg(after)::float8 AS mean_after',
    ].join(', ')}
      FROM pairs x JOIN participant p ON p.partner_id = x.partner_id AND p.local_id = x.local_id
      ${dims.length ? `GROUP BY ${dims.map((_d, i) => `k${i}`).join(', ')}` : ''}`;
  const { rows } = await pooled.client.query(sql);
  return new Map(
    rows
      .filter((row) => row.n > 0)
      .map((row) => [
        dims.map((d, i) => `${d}=${row[`k${i}`]}`).join('|'),
        {
          n: row.n,
          mean: row.mean,
          median: row.median,
          sd: row.sd,
          meanBefore: row.mean_before,
          meanAfter: row.mean_after,
        },
      ]),
  );
}
