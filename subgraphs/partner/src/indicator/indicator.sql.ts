import type { Condition, Dimension, IndicatorSpec, OutcomeRef, ResolvedPeriod } from '@coalition/shared';
import { DIMENSION_SQL } from '../network/aggregate.service';

/**
 * Compiles an indicator spec into one parameterized statement over this partner's contract
 * tables (alias p = participant). Only fixed SQL text is concatenated; every code, date and id
 * is a parameter, and the spec has been checked against the contract's lists before.
 */
export class IndicatorSql {
  readonly params: unknown[] = [];

  constructor(private readonly spec: IndicatorSpec, private readonly period: ResolvedPeriod) {}

  private param(value: unknown, cast = ''): string {
    this.params.push(value);
    return `$${this.params.length}${cast}`;
  }

  private anchor(): string {
    return this.spec.anchor === 'EXIT' ? 'p.exited_on' : 'p.enrolled_on';
  }

  private outcomeWhere(ref: OutcomeRef): string {
    return `o.participant_local_id = p.local_id AND o.indicator_code = ${this.param(ref.indicator)} AND o.period = ${this.param(ref.period)}`;
  }

  private condition(condition: Condition): string {
    if ('exited' in condition) return 'p.exited_on IS NOT NULL';
    if ('programType' in condition) return `p.program_type = ANY(${this.param(condition.programType, '::text[]')})`;
    if ('stage' in condition) return `EXISTS (SELECT 1 FROM stage_event s WHERE s.participant_local_id = p.local_id AND s.stage = ${this.param(condition.stage)})`;
    const equals = condition.outcome.equals === undefined ? '' : ` AND o.value_boolean = ${this.param(condition.outcome.equals, '::boolean')}`;
    return `EXISTS (SELECT 1 FROM outcome o WHERE ${this.outcomeWhere(condition.outcome)}${equals})`;
  }

  /** A record's latest numeric value of an outcome. */
  private value(ref: OutcomeRef): string {
    return `(SELECT o.value_number FROM outcome o WHERE ${this.outcomeWhere(ref)} AND o.value_number IS NOT NULL ORDER BY o.observed_on DESC NULLS LAST, o.id DESC LIMIT 1)`;
  }

  private valueSql(): string | null {
    if (this.spec.value) return this.value(this.spec.value);
    if (this.spec.change) return `(${this.value(this.spec.change.to)} - ${this.value(this.spec.change.from)})`;
    return null;
  }

  /** The records in the period that meet the population rules, with what the figure needs. */
  private qualifying(dimensions: readonly Dimension[], partnerId: string): string {
    const anchor = this.anchor();
    const periodSql = this.period.kind === 'dates'
      ? `${anchor} >= ${this.param(this.period.from, '::date')} AND ${anchor} < ${this.param(this.period.before, '::date')}`
      : `p.cohort = ${this.param(this.period.cohort)} AND ${anchor} IS NOT NULL`;
    const where = [periodSql, ...this.spec.population.map((c) => this.condition(c))];
    const columns = ['p.local_id', 'p.gsid', `${anchor} AS anchor_on`];
    dimensions.forEach((d, i) => columns.push(`${d === 'PARTNER' ? this.param(partnerId, '::text') : DIMENSION_SQL[d]} AS d${i}`));
    if (this.spec.numerator) columns.push(`(${this.spec.numerator.map((c) => this.condition(c)).join(' AND ') || 'true'}) AS hit`);
    const value = this.valueSql();
    if (value) columns.push(`${value}::float8 AS val`);
    const valueFilter = value ? 'WHERE val IS NOT NULL' : '';
    return `SELECT * FROM (SELECT ${columns.join(', ')} FROM participant p WHERE ${where.join(' AND ')}) q ${valueFilter}`;
  }

  /**
   * Additive cells by `dimensions`. Counting people, a person (GSID, or an unlinked record) counts
   * once, by their latest qualifying record here; GSIDs in `exclude` count at another partner.
   */
  cells(dimensions: readonly Dimension[], partnerId: string, exclude: readonly string[]): string {
    const qualifying = this.qualifying(dimensions, partnerId);
    const counted = this.spec.count === 'PEOPLE'
      ? `SELECT DISTINCT ON (coalesce(gsid, '~' || local_id)) * FROM (${qualifying}) r
          WHERE gsid IS NULL OR gsid <> ALL(${this.param(exclude, '::text[]')})
          ORDER BY coalesce(gsid, '~' || local_id), anchor_on DESC, local_id`
      : qualifying;
    const groups = dimensions.map((_d, i) => `d${i}`);
    const measures = [
      'count(*)::int AS people',
      this.spec.numerator ? 'count(*) FILTER (WHERE hit)::int AS numerator' : 'NULL::int AS numerator',
      this.spec.value || this.spec.change ? 'sum(val)::float8 AS sum' : 'NULL::float8 AS sum',
      this.spec.value ? 'array_agg(val ORDER BY val) AS vals' : 'NULL::float8[] AS vals',
    ];
    return [
      `SELECT ${[...groups, ...measures].join(', ')} FROM (${counted}) c`,
      groups.length ? `GROUP BY ${groups.join(', ')} ORDER BY ${groups.join(', ')}` : '',
    ].join(' ');
  }

  /** Every qualifying record with its dimension values: what a gateway without pushdown aggregates itself. */
  rows(dimensions: readonly Dimension[], partnerId: string): string {
    return `SELECT local_id, gsid, to_char(anchor_on, 'YYYY-MM-DD') AS anchor_on, ${[...dimensions.map((_d, i) => `d${i}`), this.spec.numerator ? 'hit' : 'NULL::boolean AS hit', this.valueSql() ? 'val' : 'NULL::float8 AS val'].join(', ')}
      FROM (${this.qualifying(dimensions, partnerId)}) q ORDER BY local_id`;
  }

  /** Of the given GSIDs, those with a qualifying record here, with their latest anchor date. */
  people(gsids: readonly string[]): string {
    return `SELECT gsid, to_char(max(anchor_on), 'YYYY-MM-DD') AS anchor_on FROM (${this.qualifying([], '')}) q
      WHERE gsid = ANY(${this.param(gsids, '::text[]')}) GROUP BY gsid ORDER BY gsid`;
  }
}
