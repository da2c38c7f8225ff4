import {
  defineIndicatorKind,
  dimensionDescriptors,
  indicatorKinds,
  mergeMeasures,
  parseIndicatorSpec,
  parseOutcomeRef,
  type Dimension,
  type DimensionDescriptor,
  type OutcomeRef,
} from '@coalition/shared';
import { IndicatorService } from '@coalition/partner';
import type { DataSource } from 'typeorm';
import type { LatticeCell } from './lattice';
import { disclosureFor } from './disclosure-scope';
import { publish, tablesFor } from './figures';

/**
 * Adding an indicator kind or a dimension is writing its module: registered here, throwaway ones
 * reach the spec checks, a partner's SQL and cells, the gateway's merge and figures, and the
 * disclosure rules without any other edit.
 */
const TOTAL = defineIndicatorKind({
  code: 'TOTAL',
  summary: 'the total of a numeric outcome',
  parts: { total: { label: 'a total', parse: parseOutcomeRef } },
  measures: ['sum'],
  value: (spec, sql) => sql.latest(spec.total as OutcomeRef),
  merge: mergeMeasures,
  figure: (_people, measures) => measures.sum ?? 0,
});

const ENROLLED_YEAR: DimensionDescriptor = {
  code: 'ENROLLED_YEAR',
  label: 'calendar year of enrollment',
  order: 45,
  backboneOnly: false,
  sql: () => 'extract(year FROM p.enrolled_on)::int::text',
  of: (record) => record.enrolledOn.slice(0, 4),
};

const spec = {
  count: 'PEOPLE',
  anchor: 'EXIT',
  population: [{ exited: true }],
  total: { indicator: 'EARN_Q2', period: 'Q2_AFTER_EXIT' },
  dimensions: ['PARTNER', 'ENROLLED_YEAR'],
  periods: ['PROGRAM_YEAR'],
};
const period = { kind: 'dates', from: '2024-07-01', before: '2025-07-01', label: 'PY2024' };

/** A partner database that records the statement and answers with the given rows. */
function fakeDatabase(rows: Array<Record<string, unknown>>) {
  const seen: { sql: string; params: unknown[] } = { sql: '', params: [] };
  const dataSource = { query: async (sql: string, params: unknown[]) => Object.assign(seen, { sql, params }) && rows } as unknown as DataSource;
  return { seen, service: new IndicatorService(dataSource) };
}

describe('a new kind or dimension is one module', () => {
  let removals: Array<() => void> = [];
  beforeEach(() => {
    removals = [indicatorKinds.register(TOTAL), dimensionDescriptors.register(ENROLLED_YEAR)];
  });
  afterEach(() => {
    for (const remove of removals) remove();
  });

  it('is accepted by the spec checks', () => {
    expect(parseIndicatorSpec(spec, 'TOTAL')).toEqual(spec);
  });

  it("is compiled by a partner's SQL builder into cells named by dimension", async () => {
    const { seen, service } = fakeDatabase([{ d0: 'a-partner', d1: '2024', people: 3, numerator: null, sum: 300, vals: null }]);
    const answer = await service.cells('a-partner', { kind: 'TOTAL', spec, period }, ['ENROLLED_YEAR' as Dimension, 'PARTNER'], []);
    expect(seen.sql).toContain('extract(year FROM p.enrolled_on)::int::text AS d1');
    expect(seen.sql).toContain('sum(val)::float8 AS sum');
    expect(seen.sql).toContain('NULL::int AS numerator');
    expect(seen.params).toContain('EARN_Q2');
    expect(answer.cells).toEqual([
      {
        key: 'PARTNER=a-partner|ENROLLED_YEAR=2024',
        values: [
          { dimension: 'PARTNER', value: 'a-partner' },
          { dimension: 'ENROLLED_YEAR', value: '2024' },
        ],
        people: 3,
        numerator: null,
        sum: 300,
        sortedValues: null,
      },
    ]);
  });

  it('is merged across partners and given its figure by the gateway, in every margin', async () => {
    const cell = (partner: string, year: string, people: number, sum: number): LatticeCell<{ numerator: null; sum: number; values: null }> => {
      const values = [
        { dimension: 'PARTNER', value: partner },
        { dimension: 'ENROLLED_YEAR', value: year },
      ];
      return { key: `PARTNER=${partner}|ENROLLED_YEAR=${year}`, values, count: people, measures: { numerator: null, sum, values: null } };
    };
    const dimensions = ['PARTNER', 'ENROLLED_YEAR'] as Dimension[];
    const cells = [cell('a', '2024', 3, 300), cell('b', '2024', 2, 50), cell('b', '2023', 1, 7)];
    const publication = await publish(dimensions, { cells }, null, undefined, TOTAL.merge);
    const tables = tablesFor('TOTAL', dimensions, publication, null, 'ALL');
    const byYear = tables.find((t) => t.dimensions.join() === 'ENROLLED_YEAR')!;
    expect(byYear.cells.map((c) => [c.key, c.current.people, c.current.value])).toEqual([
      ['ENROLLED_YEAR=2023', 1, 7],
      ['ENROLLED_YEAR=2024', 5, 350],
    ]);
    expect(tables[0].cells[0].current.value).toBe(357);
  });

  it('is in the protected cube unless its module says backbone only', () => {
    const funder = { subject: 'f', role: 'funder' as const, portfolio: 'ALL' as const };
    const allowed = ['PARTNER', 'SEX', 'ENROLLED_YEAR'] as Dimension[];
    expect(disclosureFor(funder, ['ENROLLED_YEAR' as Dimension], [['period', 'PROGRAM_YEAR']], allowed, { k: 11, p: 3 }).dimensions).toEqual(allowed);
    removals.pop()!();
    removals.push(dimensionDescriptors.register({ ...ENROLLED_YEAR, backboneOnly: true }));
    expect(() => disclosureFor(funder, ['ENROLLED_YEAR' as Dimension], [['period', 'PROGRAM_YEAR']], allowed, { k: 11, p: 3 })).toThrow(
      'by: ENROLLED_YEAR is for the backbone only; funders and partner staff can disaggregate by PARTNER, SEX, RACE_GROUP, AGE_BAND',
    );
  });
});
