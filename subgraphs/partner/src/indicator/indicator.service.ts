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
  type AnswerRef,
  type Condition,
  type Dimension,
  type IndicatorRowColumns,
  type IndicatorSpec,
} from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { dimensionValues } from '../network/dimension-columns';
import { CountedParticipants } from '../participant/counted';
import { IndicatorSql } from './indicator.sql';
import type { IndicatorCellMeasures, IndicatorCells, IndicatorShare } from './indicator.type';

export const MAX_GSIDS = 100_000;
/** A question's periods: the period, and the one it is compared to. */
export const MAX_PERIODS = 2;

export interface IndicatorRequest {
  kind: string;
  spec: unknown;
  period: unknown;
}

/** An indicator asked for one or two periods at once. */
export interface IndicatorShareRequest {
  kind: string;
  spec: unknown;
  periods: readonly unknown[];
}

/** Checks, before a statement counts coded answers, that every answer of those codebook versions is coded (ThemeCodingService.assertCoded). */
export type AnswersCodedCheck = (refs: readonly AnswerRef[]) => Promise<void>;

/** The coded-answer conditions of a spec (population and numerator). */
export function answerRefsOf(spec: IndicatorSpec): AnswerRef[] {
  const conditions: Condition[] = [...spec.population, ...((spec.numerator as Condition[] | undefined) ?? [])];
  return conditions.flatMap((c) => ('answer' in c ? [c.answer] : []));
}

function compile(request: IndicatorRequest, participants: string) {
  const kind = indicatorKind(request.kind);
  return new IndicatorSql(kind, parseIndicatorSpec(request.spec, kind, 'spec'), parseResolvedPeriod(request.period), participants);
}

function checkGsids(gsids: readonly string[], argument: string): void {
  if (gsids.length > MAX_GSIDS) throw badInput(argument, `at most ${MAX_GSIDS} at once`);
  const bad = gsids.find((g) => !isValidGsid(g));
  if (bad !== undefined) throw badInput(argument, `"${bad}" is not a well-formed GSID`);
}

/** A cell row of a statement (columns d0.., people, numerator, sum, vals) as the protocol gives it. */
function cellOf(dimensions: readonly Dimension[], row: Readonly<Record<string, unknown>>): IndicatorCellMeasures {
  const values = dimensionValues(dimensions, row);
  return {
    key: cellKey(values),
    values,
    people: Number(row.people),
    numerator: row.numerator == null ? null : Number(row.numerator),
    sum: row.sum == null ? null : Number(row.sum),
    sortedValues: row.vals == null ? null : (row.vals as Array<string | number>).map(Number),
  };
}

/** Indicator cells computed inside this partner's database: one statement per call. */
export class IndicatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rowExport = false,
    private readonly answersCoded: AnswersCodedCheck = async () => {},
  ) {
    this.counted = new CountedParticipants(dataSource);
  }

  private async ready(spec: IndicatorSpec): Promise<void> {
    const refs = answerRefsOf(spec);
    if (refs.length) await this.answersCoded(refs);
  }

  private readonly counted: CountedParticipants;

  async cells(partnerId: string, request: IndicatorRequest, by: readonly Dimension[], exclude: readonly string[]): Promise<IndicatorCells> {
    const sql = compile(request, await this.counted.source());
    const dimensions = canonicalDimensions(by);
    checkGsids(exclude, 'exclude');
    await this.ready(sql.spec);
    const statement = sql.cells(dimensions, partnerId, exclude);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(statement, sql.params);
    return { partnerId, dimensions, cells: rows.map((row) => cellOf(dimensions, row)) };
  }

  /**
   * Both periods of a question in one statement: per period, the cells of everyone but the
   * people in `shared` (linked at other partners too), and the record each of those counts by
   * here, for the gateway to count them once across partners.
   */
  async share(partnerId: string, request: IndicatorShareRequest, by: readonly Dimension[], shared: readonly string[]): Promise<IndicatorShare[]> {
    const { periods } = request;
    if (periods.length < 1 || periods.length > MAX_PERIODS)
      throw badInput('periods', `give one or ${MAX_PERIODS}: the period, and the one it is compared to (got ${periods.length})`);
    const kind = indicatorKind(request.kind);
    const spec = parseIndicatorSpec(request.spec, kind, 'spec');
    const resolved = periods.map((period, i) => parseResolvedPeriod(period, `periods[${i}]`));
    checkGsids(shared, 'shared');
    if (spec.count !== 'PEOPLE' && shared.length) throw badInput('shared', 'counting records, every record counts at its own partner: nobody is shared');
    await this.ready(spec);
    const sql = new IndicatorSql(kind, spec, resolved[0], await this.counted.source());
    const dimensions = canonicalDimensions(by);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(sql.share(dimensions, partnerId, resolved, shared), sql.params);
    const answers: IndicatorShare[] = resolved.map(() => ({ cells: [], records: { gsid: [], anchorOn: [], values: [], hit: [], value: [] } }));
    for (const row of rows) {
      const answer = answers[Number(row.period)];
      if (row.gsid == null) {
        answer.cells.push(cellOf(dimensions, row));
        continue;
      }
      const records = answer.records;
      records.gsid.push(String(row.gsid));
      records.anchorOn.push(String(row.anchor_on));
      records.values.push(dimensions.map((_d, i) => String(row[`d${i}`])));
      records.hit.push(row.hit == null ? null : Boolean(row.hit));
      records.value.push(row.val == null ? null : Number(row.val));
    }
    return answers;
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
    const sql = compile(request, await this.counted.source());
    const dimensions = canonicalDimensions(by);
    await this.ready(sql.spec);
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
}
