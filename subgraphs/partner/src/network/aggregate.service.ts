import { canonicalDimensions, cellKey, type Dimension } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { CountedParticipants } from '../participant/counted';
import type { ParticipantFilter } from '../participant/participant.input';
import { compileParticipantFilter } from '../participant/participant-filter.sql';
import type { Aggregate } from './aggregate.type';
import { dimensionColumns, dimensionValues } from './dimension-columns';

/** Network counts computed inside this partner's database: one GROUP BY statement per call. */
export class AggregateService {
  private readonly counted: CountedParticipants;

  constructor(private readonly dataSource: DataSource) {
    this.counted = new CountedParticipants(dataSource);
  }

  async participantCount(partnerId: string, by: Dimension[], filter: ParticipantFilter | undefined): Promise<Aggregate> {
    // Canonical order, so that every partner produces the same key for the same cell.
    const dimensions = canonicalDimensions(by);
    const params: unknown[] = [];
    const select = dimensionColumns(dimensions, partnerId, (value, cast) => `$${params.push(value)}${cast}`);
    const where = compileParticipantFilter(filter, params);
    const groupBy = dimensions.map((_d, i) => `${i + 1}`);
    const sql = [
      `SELECT ${[...select, 'count(*)::int AS count'].join(', ')}`,
      `FROM ${await this.counted.source()} p`,
      where.length ? `WHERE ${where.join(' AND ')}` : '',
      groupBy.length ? `GROUP BY ${groupBy.join(', ')} ORDER BY ${groupBy.join(', ')}` : '',
    ].join(' ');
    const rows: Array<Record<string, string | number>> = await this.dataSource.query(sql, params);
    const cells = rows
      .filter((row) => Number(row.count) > 0)
      .map((row) => {
        const values = dimensionValues(dimensions, row);
        return { key: cellKey(values), values, count: Number(row.count), numerator: null, denominator: null, sum: null };
      });
    return { dimensions, cells, total: cells.reduce((acc, c) => acc + c.count, 0), partners: [partnerId] };
  }
}
