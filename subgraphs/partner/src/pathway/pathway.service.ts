import {
  MAX_MEASURES,
  MAX_PATHWAY_STAGES,
  STAGES,
  badInput,
  canonicalDimensions,
  isOneOf,
  parseMeasureRef,
  type Dimension,
  type MeasureRef,
  type PathwaySummaryColumns,
  type Stage,
} from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { dimensionColumns } from '../network/dimension-columns';
import { CountedParticipants } from '../participant/counted';

const DAY = (column: string) => `(${column} - DATE '1970-01-01')`;

/** One SELECT per measure: (local id, measure index, value, day observed); undated values cannot be placed in time. */
function measureSql(measure: MeasureRef, index: number, params: unknown[]): string {
  const p = (value: unknown) => `$${params.push(value)}`;
  if (measure.source === 'OUTCOME') {
    return `SELECT o.participant_local_id AS local_id, ${index} AS m, o.value_number::float8 AS v, ${DAY('o.observed_on')} AS day
      FROM outcome o WHERE o.indicator_code = ${p(measure.code)} AND o.period = ${p(measure.period)} AND o.value_number IS NOT NULL AND o.observed_on IS NOT NULL`;
  }
  return `SELECT a.participant_local_id AS local_id, ${index} AS m, a.answer_number::float8 AS v, ${DAY('a.answered_on')} AS day
    FROM survey_answer a WHERE a.question_code = ${p(measure.code)} AND a.wave = ${p(measure.wave)} AND a.answer_number IS NOT NULL AND a.answered_on IS NOT NULL`;
}

/**
 * Per-GSID summaries of this partner's records for network pathways and pre/post changes: which
 * stages each record entered and when, and the values of the requested measures, named by GSID
 * only. The gateway pairs them across partners; local ids, names and other fields stay here.
 */
export class PathwayService {
  private readonly counted: CountedParticipants;

  constructor(private readonly dataSource: DataSource) {
    this.counted = new CountedParticipants(dataSource);
  }

  async summaries(partnerId: string, stages: readonly string[], measures: readonly unknown[], by: readonly Dimension[]): Promise<PathwaySummaryColumns> {
    if (stages.length > MAX_PATHWAY_STAGES || !stages.every((s) => isOneOf(STAGES, s)))
      throw badInput('stages', `must be a list of at most ${MAX_PATHWAY_STAGES} of ${STAGES.join(', ')}`);
    if (measures.length > MAX_MEASURES) throw badInput('measures', `at most ${MAX_MEASURES} at once`);
    if (!stages.length && !measures.length) throw badInput('stages', 'give stages, measures, or both');
    const refs = measures.map((m, i) => parseMeasureRef(m, `measures[${i}]`));
    const dimensions = canonicalDimensions(by);
    const wanted = [...new Set(stages)] as Stage[];

    const params: unknown[] = [];
    const parts: string[] = [];
    if (wanted.length) {
      params.push(wanted);
      parts.push(`SELECT participant_local_id AS local_id, array_position($1::text[], stage) - 1 AS s, NULL::int AS m, NULL::float8 AS v, ${DAY('entered_on')} AS day
        FROM stage_event WHERE stage = ANY($1::text[])`);
    }
    for (const [i, ref] of refs.entries()) parts.push(`SELECT local_id, NULL::int AS s, m, v, day FROM (${measureSql(ref, i, params)}) m${i}`);
    const columns = dimensionColumns(dimensions, partnerId, (value, cast) => `$${params.push(value)}${cast}`);
    // Ordered by record, so the gateway's columns need no local id: a record is its position.
    const statement = `WITH facts AS (${parts.join(' UNION ALL ')})
      SELECT ${['p.local_id', 'p.gsid', ...columns, 'f.s', 'f.m', 'f.v', 'f.day'].join(', ')}
        FROM facts f JOIN ${await this.counted.source()} p ON p.local_id = f.local_id
       ORDER BY p.local_id, f.day, f.s NULLS LAST, f.m`;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(statement, params);
    return columnsOf(rows, dimensions);
  }
}

function columnsOf(rows: ReadonlyArray<Record<string, unknown>>, dimensions: Dimension[]): PathwaySummaryColumns {
  const out: PathwaySummaryColumns = {
    dimensions,
    gsid: [],
    dimensionValues: dimensions.map(() => []),
    dimensionCodes: dimensions.map(() => []),
    eventRecord: [],
    eventStage: [],
    eventDay: [],
    observationRecord: [],
    observationMeasure: [],
    observationValue: [],
    observationDay: [],
  };
  const codes = dimensions.map(() => new Map<string, number>());
  let previousKey: string | null = null;
  for (const row of rows) {
    // Rows of one record are adjacent (the local id only marks where a record starts; it is not sent).
    const key = String(row.local_id);
    if (key !== previousKey) {
      out.gsid.push(row.gsid == null ? null : String(row.gsid));
      dimensions.forEach((_d, i) => {
        const value = String(row[`d${i}`]);
        let code = codes[i].get(value);
        if (code === undefined) {
          code = out.dimensionValues[i].push(value) - 1;
          codes[i].set(value, code);
        }
        out.dimensionCodes[i].push(code);
      });
      previousKey = key;
    }
    const record = out.gsid.length - 1;
    if (row.s != null) {
      out.eventRecord.push(record);
      out.eventStage.push(Number(row.s));
      out.eventDay.push(Number(row.day));
    } else {
      out.observationRecord.push(record);
      out.observationMeasure.push(Number(row.m));
      out.observationValue.push(Number(row.v));
      out.observationDay.push(Number(row.day));
    }
  }
  return out;
}
