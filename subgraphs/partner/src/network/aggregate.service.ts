import { AGE_BAND_LIMITS, DIMENSIONS, badInput, cellKey, type Dimension } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import type { ParticipantFilter } from '../participant/participant.input';
import { compileParticipantFilter } from '../participant/participant-filter.sql';
import type { Aggregate } from './aggregate.type';

const AGE_SQL = `(extract(year FROM p.enrolled_on)::int - p.birth_year)`;
const AGE_BAND_SQL = `CASE WHEN p.birth_year IS NULL THEN 'UNKNOWN' ${AGE_BAND_LIMITS.map(
  ([limit, band]) => `WHEN ${AGE_SQL} <= ${limit} THEN '${band}'`,
).join(' ')} ELSE 'AGE_60_PLUS' END`;

/** Fixed SQL per dimension; user input never becomes SQL text. PARTNER is bound as a parameter. */
export const DIMENSION_SQL: Record<Exclude<Dimension, 'PARTNER'>, string> = {
  SEX: 'p.sex',
  RACE_GROUP: `CASE cardinality(p.race_ethnicity) WHEN 0 THEN 'NOT_REPORTED' WHEN 1 THEN p.race_ethnicity[1] ELSE 'MULTIRACIAL' END`,
  AGE_BAND: AGE_BAND_SQL,
  COUNTY: `coalesce(p.county_fips, 'UNKNOWN')`,
  COHORT: 'p.cohort',
  PROGRAM_TYPE: 'p.program_type',
};

export const MAX_DIMENSIONS = 4;


/** Network counts computed inside this partner's database: one GROUP BY statement per call. */
export class AggregateService {
  constructor(private readonly dataSource: DataSource) {}

  async participantCount(partnerId: string, by: Dimension[], filter: ParticipantFilter | undefined): Promise<Aggregate> {
    const dimensions = [...new Set(by)];
    if (dimensions.length > MAX_DIMENSIONS) throw badInput('by', `at most ${MAX_DIMENSIONS} dimensions at once`);
    // Canonical order, so that every partner produces the same key for the same cell.
    dimensions.sort((a, b) => DIMENSIONS.indexOf(a) - DIMENSIONS.indexOf(b));
    const params: unknown[] = [];
    const partnerSql = dimensions.includes('PARTNER') ? `$${params.push(partnerId)}::text` : '';
    const where = compileParticipantFilter(filter, params);
    const select = dimensions.map((d, i) => `${d === 'PARTNER' ? partnerSql : DIMENSION_SQL[d]} AS d${i}`);
    const groupBy = dimensions.map((_d, i) => `${i + 1}`);
    const sql = [
      `SELECT ${[...select, 'count(*)::int AS count'].join(', ')}`,
      'FROM participant p',
      where.length ? `WHERE ${where.join(' AND ')}` : '',
      groupBy.length ? `GROUP BY ${groupBy.join(', ')} ORDER BY ${groupBy.join(', ')}` : '',
    ].join(' ');
    const rows: Array<Record<string, string | number>> = await this.dataSource.query(sql, params);
    const cells = rows
      .filter((row) => Number(row.count) > 0)
      .map((row) => {
        const values = dimensions.map((dimension, i) => ({ dimension, value: String(row[`d${i}`]) }));
        return { key: cellKey(values), values, count: Number(row.count), numerator: null, denominator: null, sum: null };
      });
    return { dimensions, cells, total: cells.reduce((acc, c) => acc + c.count, 0), partners: [partnerId] };
  }
}
