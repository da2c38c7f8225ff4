import {
  DIMENSIONS, badInput, cellKey, isOneOf, isValidGsid, parseIndicatorSpec, parseResolvedPeriod, type Dimension, type SpecKind,
} from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { MAX_DIMENSIONS } from '../network/aggregate.service';
import { IndicatorSql } from './indicator.sql';
import type { IndicatorCells, PersonAnchor } from './indicator.type';

const SPEC_KINDS: readonly SpecKind[] = ['RATE', 'COUNT', 'MEDIAN', 'MEAN', 'CHANGE'];
export const MAX_GSIDS = 100_000;

export interface IndicatorRequest {
  kind: string;
  spec: unknown;
  period: unknown;
}

function compile(request: IndicatorRequest) {
  if (!isOneOf(SPEC_KINDS, request.kind)) throw badInput('kind', `must be one of ${SPEC_KINDS.join(', ')}`);
  const spec = parseIndicatorSpec(request.spec, request.kind, 'spec');
  return new IndicatorSql(spec, parseResolvedPeriod(request.period));
}

function checkGsids(gsids: readonly string[], argument: string): void {
  if (gsids.length > MAX_GSIDS) throw badInput(argument, `at most ${MAX_GSIDS} at once`);
  const bad = gsids.find((g) => !isValidGsid(g));
  if (bad !== undefined) throw badInput(argument, `"${bad}" is not a well-formed GSID`);
}

/** Indicator cells computed inside this partner's database: one statement per call. */
export class IndicatorService {
  constructor(private readonly dataSource: DataSource) {}

  async cells(partnerId: string, request: IndicatorRequest, by: readonly Dimension[], exclude: readonly string[]): Promise<IndicatorCells> {
    const sql = compile(request);
    const dimensions = [...new Set(by)];
    if (dimensions.length > MAX_DIMENSIONS) throw badInput('by', `at most ${MAX_DIMENSIONS} dimensions at once`);
    dimensions.sort((a, b) => DIMENSIONS.indexOf(a) - DIMENSIONS.indexOf(b));
    checkGsids(exclude, 'exclude');
    const statement = sql.cells(dimensions, partnerId, exclude);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(statement, sql.params);
    return {
      partnerId,
      dimensions,
      cells: rows.map((row) => {
        const values = dimensions.map((dimension, i) => ({ dimension, value: String(row[`d${i}`]) }));
        return {
          key: cellKey(values),
          values,
          people: Number(row.people),
          numerator: row.numerator == null ? null : Number(row.numerator),
          sum: row.sum == null ? null : Number(row.sum),
          sortedValues: row.vals == null ? null : (row.vals as Array<string | number>).map(Number),
        };
      }),
    };
  }

  async people(request: IndicatorRequest, gsids: readonly string[]): Promise<PersonAnchor[]> {
    const sql = compile(request);
    checkGsids(gsids, 'gsids');
    if (!gsids.length) return [];
    const statement = sql.people(gsids);
    const rows: Array<{ gsid: string; anchor_on: string }> = await this.dataSource.query(statement, sql.params);
    return rows.map((row) => ({ gsid: row.gsid, anchorOn: row.anchor_on }));
  }
}
