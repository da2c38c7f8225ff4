import {
  DomainError,
  ErrorCode,
  badInput,
  canonicalDimensions,
  cellKey,
  indicatorKind,
  isValidGsid,
  parseIndicatorSpec,
  parseResolvedPeriod,
  type Dimension,
  type IndicatorRowColumns,
} from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { dimensionValues } from '../network/dimension-columns';
import { IndicatorSql } from './indicator.sql';
import type { IndicatorCells, PersonAnchor } from './indicator.type';

export const MAX_GSIDS = 100_000;

export interface IndicatorRequest {
  kind: string;
  spec: unknown;
  period: unknown;
}

function compile(request: IndicatorRequest) {
  const kind = indicatorKind(request.kind);
  return new IndicatorSql(kind, parseIndicatorSpec(request.spec, kind, 'spec'), parseResolvedPeriod(request.period));
}

function checkGsids(gsids: readonly string[], argument: string): void {
  if (gsids.length > MAX_GSIDS) throw badInput(argument, `at most ${MAX_GSIDS} at once`);
  const bad = gsids.find((g) => !isValidGsid(g));
  if (bad !== undefined) throw badInput(argument, `"${bad}" is not a well-formed GSID`);
}

/** Indicator cells computed inside this partner's database: one statement per call. */
export class IndicatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rowExport = false,
  ) {}

  async cells(partnerId: string, request: IndicatorRequest, by: readonly Dimension[], exclude: readonly string[]): Promise<IndicatorCells> {
    const sql = compile(request);
    const dimensions = canonicalDimensions(by);
    checkGsids(exclude, 'exclude');
    const statement = sql.cells(dimensions, partnerId, exclude);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(statement, sql.params);
    return {
      partnerId,
      dimensions,
      cells: rows.map((row) => {
        const values = dimensionValues(dimensions, row);
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
    if (!this.rowExport)
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        'indicatorRows is off at this partner: it ships records person by person, and exists only for the pushdown benchmark (INDICATOR_ROW_EXPORT=on)',
      );
    const sql = compile(request);
    const dimensions = canonicalDimensions(by);
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
