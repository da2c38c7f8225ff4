import {
  DIMENSIONS, DomainError, ErrorCode, badInput, cellKey, isOneOf, isValidGsid, parseIndicatorSpec, parseResolvedPeriod, type Dimension, type IndicatorRowColumns, type SpecKind,
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

/** The requested dimensions once each, in the contract's order, at most MAX_DIMENSIONS. */
export function dimensionsOf(by: readonly Dimension[]): Dimension[] {
  const dimensions = [...new Set(by)].sort((a, b) => DIMENSIONS.indexOf(a) - DIMENSIONS.indexOf(b));
  if (dimensions.length > MAX_DIMENSIONS) throw badInput('by', `at most ${MAX_DIMENSIONS} dimensions at once`);
  return dimensions;
}

function checkGsids(gsids: readonly string[], argument: string): void {
  if (gsids.length > MAX_GSIDS) throw badInput(argument, `at most ${MAX_GSIDS} at once`);
  const bad = gsids.find((g) => !isValidGsid(g));
  if (bad !== undefined) throw badInput(argument, `"${bad}" is not a well-formed GSID`);
}

/** Indicator cells computed inside this partner's database: one statement per call. */
export class IndicatorService {
  constructor(private readonly dataSource: DataSource, private readonly rowExport = false) {}

  async cells(partnerId: string, request: IndicatorRequest, by: readonly Dimension[], exclude: readonly string[]): Promise<IndicatorCells> {
    const sql = compile(request);
    const dimensions = dimensionsOf(by);
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

  /**
   * Qualifying records, column by column (benchmark only, INDICATOR_ROW_EXPORT=on): the rows a
   * gateway without pushdown would have to fetch and aggregate itself.
   */
  async rows(partnerId: string, request: IndicatorRequest, by: readonly Dimension[]): Promise<IndicatorRowColumns> {
    if (!this.rowExport) throw new DomainError(ErrorCode.FORBIDDEN, 'indicatorRows is off at this partner: it ships records person by person, and exists only for the pushdown benchmark (INDICATOR_ROW_EXPORT=on)');
    const sql = compile(request);
    const dimensions = dimensionsOf(by);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(sql.rows(dimensions, partnerId), sql.params);
    return {
      dimensions,
      localId: rows.map((r) => String(r.local_id)),
      gsid: rows.map((r) => (r.gsid == null ? null : String(r.gsid))),
      anchorOn: rows.map((r) => String(r.anchor_on)),
      values: rows.map((r) => dimensions.map((_d, i) => String(r[`d${i}`]))),
      hit: rows.map((r) => (r.hit == null ? null : Boolean(r.hit))),
      value: rows.map((r) => (r.val == null ? null : Number(r.val))),
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
