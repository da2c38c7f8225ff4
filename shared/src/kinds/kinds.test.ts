import { parseIndicatorSpec } from '../indicator-spec';
import { parseOutcomeRef, type OutcomeRef } from '../spec-conditions';
import { defineIndicatorKind, indicatorKind, indicatorKinds, mergeMeasures, specParts } from '.';

const common = { count: 'PEOPLE', anchor: 'EXIT', population: [{ exited: true }], dimensions: ['SEX'], periods: ['PROGRAM_YEAR'] };
const value = { indicator: 'EARN_Q2', period: 'Q2_AFTER_EXIT' };

/** A throwaway kind: the total of a numeric outcome. Nothing else is edited to add it. */
const TOTAL = defineIndicatorKind({
  code: 'TOTAL',
  summary: 'the total of a numeric outcome',
  parts: { total: { label: 'a total', parse: parseOutcomeRef } },
  measures: ['sum'],
  value: (spec, sql) => sql.latest(spec.total as OutcomeRef),
  merge: mergeMeasures,
  figure: (_people, measures) => measures.sum ?? 0,
});

describe('indicator kind modules', () => {
  it('are listed once, in the order messages name them', () => {
    expect(indicatorKinds.codes()).toEqual(['RATE', 'COUNT', 'MEDIAN', 'MEAN', 'CHANGE']);
    expect(() => indicatorKind('SHARE')).toThrow('Invalid kind: must be one of RATE, COUNT, MEDIAN, MEAN, CHANGE');
    expect(specParts().map((p) => [p.name, p.kinds])).toEqual([
      ['numerator', ['RATE']],
      ['value', ['MEDIAN', 'MEAN']],
      ['change', ['CHANGE']],
    ]);
  });

  it('compute their figures from merged measures', () => {
    const figure = (code: string, people: number, measures: { numerator?: number; sum?: number; values?: number[] }) =>
      indicatorKind(code).figure(people, { numerator: measures.numerator ?? null, sum: measures.sum ?? null, values: measures.values ?? null });
    expect(figure('RATE', 8, { numerator: 6 })).toBe(75);
    expect(figure('RATE', 0, { numerator: 0 })).toBeNull();
    expect(figure('COUNT', 0, {})).toBe(0);
    expect(figure('MEDIAN', 4, { values: [1, 2, 3, 10] })).toBe(2.5);
    expect(figure('MEAN', 4, { sum: 10 })).toBe(2.5);
    expect(figure('CHANGE', 2, { sum: -3 })).toBe(-1.5);
  });

  it('refuse a module whose SQL does not give what its measures need', () => {
    expect(() => defineIndicatorKind({ ...TOTAL, code: 'BROKEN', value: undefined })).toThrow(/BROKEN: the sum and values measures and value\(\) go together/);
    expect(() => defineIndicatorKind({ ...TOTAL, code: 'BROKEN', measures: ['numerator', 'sum'] })).toThrow(/numerator measure and hit\(\) go together/);
  });

  it('take a throwaway kind in the spec checks, with its own part, and refuse its part to others', () => {
    const remove = indicatorKinds.register(TOTAL);
    try {
      expect(parseIndicatorSpec({ ...common, total: value }, 'TOTAL')).toEqual({ ...common, total: value });
      expect(() => parseIndicatorSpec({ ...common, total: value }, 'COUNT')).toThrow('Invalid definition.total: only a TOTAL has a total, not a COUNT');
      expect(() => parseIndicatorSpec({ ...common, value }, 'TOTAL')).toThrow('Invalid definition.value: only a MEDIAN or MEAN has a value, not a TOTAL');
      expect(() => indicatorKind('SHARE')).toThrow('must be one of RATE, COUNT, MEDIAN, MEAN, CHANGE, TOTAL');
    } finally {
      remove();
    }
    expect(() => parseIndicatorSpec({ ...common, total: value }, 'TOTAL')).toThrow('Invalid kind');
  });
});
