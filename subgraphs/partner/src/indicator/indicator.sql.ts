import type { AnswerRef, Condition, IndicatorKindModule, IndicatorSpec, KindSql, MeasureName, OutcomeRef, ResolvedPeriod } from '@coalition/shared';
import { dimensionColumns } from '../network/dimension-columns';

/** Each measure a kind may ask for, aggregated over the cell's counted records (`hit` and `val` columns). */
const MEASURE_SQL: Readonly<Record<MeasureName, { column: string; sql: string; none: string }>> = {
  numerator: { column: 'numerator', sql: 'count(*) FILTER (WHERE hit)::int', none: 'NULL::int' },
  sum: { column: 'sum', sql: 'sum(val)::float8', none: 'NULL::float8' },
  values: { column: 'vals', sql: 'array_agg(val ORDER BY val)', none: 'NULL::float8[]' },
};

/**
 * Compiles an indicator spec into one parameterized statement over this partner's contract
 * tables (alias p = participant). Only fixed SQL text is concatenated; every code, date and id
 * is a parameter, and the spec has been checked against the contract's lists before. What
 * differs by kind (the numerator, the value) comes from the kind's module, through `KindSql`.
 */
export class IndicatorSql implements KindSql {
  readonly params: unknown[] = [];

  constructor(
    private readonly kind: IndicatorKindModule,
    readonly spec: IndicatorSpec,
    private readonly period: ResolvedPeriod,
    /** Where the participants counted come from (CountedParticipants): consent can keep some out. */
    private readonly participants = 'participant',
  ) {}

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
    if ('answer' in condition) return this.answer(condition.answer);
    if ('stage' in condition)
      return `EXISTS (SELECT 1 FROM stage_event s WHERE s.participant_local_id = p.local_id AND s.stage = ${this.param(condition.stage)})`;
    const equals = condition.outcome.equals === undefined ? '' : ` AND o.value_boolean = ${this.param(condition.outcome.equals, '::boolean')}`;
    return `EXISTS (SELECT 1 FROM outcome o WHERE ${this.outcomeWhere(condition.outcome)}${equals})`;
  }

  /**
   * The record has a free-text answer of the wave coded under the codebook version (docs/THEMES.md);
   * with a theme, one whose coding carries it, or (mentions: false) none does. A partner codes
   * every answer before it answers for a version (ThemeCodingService.assertCoded).
   */
  private answer(ref: AnswerRef): string {
    const coded = `SELECT 1 FROM survey_answer a JOIN theme_coding t ON t.answer_id = a.id
      WHERE a.participant_local_id = p.local_id AND a.wave = ${this.param(ref.wave)} AND t.codebook_code = ${this.param(ref.codebook)}
      AND t.codebook_version = ${this.param(ref.version, '::int')} AND t.status = 'CODED'`;
    if (ref.theme === undefined) return `EXISTS (${coded})`;
    const theme = this.param(ref.theme);
    if (ref.mentions === false) return `(EXISTS (${coded}) AND NOT EXISTS (${coded} AND ${theme} = ANY(t.themes)))`;
    return `EXISTS (${coded} AND ${theme} = ANY(t.themes))`;
  }

  all(conditions: readonly Condition[]): string {
    return conditions.map((c) => this.condition(c)).join(' AND ') || 'true';
  }

  /** A record's latest numeric value of an outcome. */
  latest(ref: OutcomeRef): string {
    const where = `${this.outcomeWhere(ref)} AND o.value_number IS NOT NULL`;
    return `(SELECT o.value_number FROM outcome o WHERE ${where} ORDER BY o.observed_on DESC NULLS LAST, o.id DESC LIMIT 1)`;
  }

  /** The records in the period that meet the population rules, with what the figure needs. */
  private qualifying(dimensions: readonly string[], partnerId: string, period: ResolvedPeriod = this.period): string {
    const anchor = this.anchor();
    const periodSql =
      period.kind === 'dates'
        ? `${anchor} >= ${this.param(period.from, '::date')} AND ${anchor} < ${this.param(period.before, '::date')}`
        : `p.cohort = ${this.param(period.cohort)} AND ${anchor} IS NOT NULL`;
    const where = [periodSql, ...this.spec.population.map((c) => this.condition(c))];
    const columns = ['p.local_id', 'p.gsid', `${anchor} AS anchor_on`, ...dimensionColumns(dimensions, partnerId, (value, cast) => this.param(value, cast))];
    const hit = this.kind.hit?.(this.spec, this);
    if (hit) columns.push(`(${hit}) AS hit`);
    const value = this.kind.value?.(this.spec, this);
    if (value) columns.push(`${value}::float8 AS val`);
    const valueFilter = value ? 'WHERE val IS NOT NULL' : '';
    return `SELECT * FROM (SELECT ${columns.join(', ')} FROM ${this.participants} p WHERE ${where.join(' AND ')}) q ${valueFilter}`;
  }

  /**
   * Additive cells by `dimensions`. Counting people, a person (GSID, or an unlinked record) counts
   * once, by their latest qualifying record here; GSIDs in `exclude` count at another partner.
   */
  cells(dimensions: readonly string[], partnerId: string, exclude: readonly string[]): string {
    const qualifying = this.qualifying(dimensions, partnerId);
    const counted =
      this.spec.count === 'PEOPLE'
        ? `SELECT DISTINCT ON (coalesce(gsid, '~' || local_id)) * FROM (${qualifying}) r
          WHERE gsid IS NULL OR gsid <> ALL(${this.param(exclude, '::text[]')})
          ORDER BY coalesce(gsid, '~' || local_id), anchor_on DESC, local_id`
        : qualifying;
    const groups = dimensions.map((_d, i) => `d${i}`);
    return [
      `SELECT ${[...groups, 'count(*)::int AS people', ...this.measures()].join(', ')} FROM (${counted}) c`,
      groups.length ? `GROUP BY ${groups.join(', ')} ORDER BY ${groups.join(', ')}` : '',
    ].join(' ');
  }

  /** The measure columns of a cell: the kind's aggregates, typed NULLs for the rest. */
  private measures(): string[] {
    return (Object.keys(MEASURE_SQL) as MeasureName[]).map((name) => {
      const { column, sql, none } = MEASURE_SQL[name];
      return `${this.kind.measures.includes(name) ? sql : none} AS ${column}`;
    });
  }

  /**
   * The records that count here in a period, flagged `shared` when their GSID is in the list
   * bound at `shared`. Counting people, a person (GSID, or an unlinked record) counts once, by
   * their latest qualifying record here (ties: the first local id); counting records, every one.
   */
  private counted(dimensions: readonly string[], partnerId: string, period: ResolvedPeriod, shared: string): string {
    const qualifying = this.qualifying(dimensions, partnerId, period);
    if (this.spec.count !== 'PEOPLE') return `SELECT *, false AS shared FROM (${qualifying}) r`;
    return `SELECT DISTINCT ON (coalesce(gsid, '~' || local_id)) *, coalesce(gsid = ANY(${shared}), false) AS shared FROM (${qualifying}) r
      ORDER BY coalesce(gsid, '~' || local_id), anchor_on DESC, local_id`;
  }

  /**
   * A question's periods in one statement. Per period (column `period`, its index): the cells by
   * `dimensions` of the people not in `shared` (rows with a NULL gsid), and one row per GSID in
   * `shared` that counts here: its anchor date, dimension values and measures (`hit`, `val`),
   * for the gateway to count that person at one partner. Each period's records are read once
   * (a CTE used twice is materialized).
   */
  share(dimensions: readonly string[], partnerId: string, periods: readonly ResolvedPeriod[], shared: readonly string[]): string {
    const list = this.param(shared, '::text[]');
    const groups = dimensions.map((_d, i) => `d${i}`);
    const cellColumns = [...groups, 'count(*)::int AS people', ...this.measures(), 'NULL::boolean AS hit', 'NULL::float8 AS val'];
    const none = Object.values(MEASURE_SQL).map((m) => m.none);
    const personColumns = [...groups, '1', ...none, this.kind.hit ? 'hit' : 'NULL::boolean', this.kind.value ? 'val' : 'NULL::float8'];
    const ctes = periods.map((period, i) => `c${i} AS (${this.counted(dimensions, partnerId, period, list)})`);
    const selects = periods.flatMap((_p, i) => [
      `SELECT ${i} AS period, NULL::text AS gsid, NULL::text AS anchor_on, ${cellColumns.join(', ')} FROM c${i} WHERE NOT shared${groups.length ? ` GROUP BY ${groups.join(', ')}` : ''}`,
      `SELECT ${i}, gsid, to_char(anchor_on, 'YYYY-MM-DD'), ${personColumns.join(', ')} FROM c${i} WHERE shared`,
    ]);
    return `WITH ${ctes.join(', ')} ${selects.join(' UNION ALL ')} ORDER BY ${['period', 'gsid NULLS FIRST', ...groups].join(', ')}`;
  }

  /** Every qualifying record with its dimension values: what a gateway without pushdown aggregates itself. */
  rows(dimensions: readonly string[], partnerId: string): string {
    const columns = [...dimensions.map((_d, i) => `d${i}`), this.kind.hit ? 'hit' : 'NULL::boolean AS hit', this.kind.value ? 'val' : 'NULL::float8 AS val'];
    return `SELECT local_id, gsid, to_char(anchor_on, 'YYYY-MM-DD') AS anchor_on, ${columns.join(', ')}
      FROM (${this.qualifying(dimensions, partnerId)}) q ORDER BY local_id`;
  }
}
