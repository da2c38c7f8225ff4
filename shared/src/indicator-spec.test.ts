import { parseIndicatorSpec, parseResolvedPeriod } from './indicator-spec';

const valid = {
  count: 'PEOPLE',
  anchor: 'EXIT',
  dimensions: ['SEX'],
  periods: ['PROGRAM_YEAR'],
  population: [{ exited: true }, { outcome: { indicator: 'EMP_Q2', period: 'Q2_AFTER_EXIT' } }],
  numerator: [{ outcome: { indicator: 'EMP_Q2', period: 'Q2_AFTER_EXIT', equals: true } }],
};

describe('indicator spec checks (what partners compile)', () => {
  it('accepts a rate and keeps only known keys', () => {
    expect(parseIndicatorSpec({ ...valid, source: 'WIOA' }, 'RATE')).toEqual(valid);
  });

  it.each([
    [{ ...valid, count: 'ROWS' }, 'RATE', /Invalid definition.count: must be one of PEOPLE, RECORDS/],
    [{ ...valid, dimensions: ['SEX', 'SHOE_SIZE'] }, 'RATE', /Invalid definition.dimensions/],
    [{ ...valid, population: [{ sql: 'DROP TABLE participant' }] }, 'RATE', /Invalid definition.population\[0\]: unknown condition sql/],
    [{ ...valid, population: [{ programType: ["TRAINING'; --"] }] }, 'RATE', /Invalid definition.population\[0\].programType/],
    [
      { ...valid, population: [{ outcome: { indicator: 'emp', period: 'Q2_AFTER_EXIT' } }] },
      'RATE',
      /population\[0\].outcome.indicator: must be an indicator code/,
    ],
    [{ ...valid, numerator: undefined }, 'RATE', /Invalid definition.numerator: must be a list/],
    [valid, 'COUNT', /only a RATE has a numerator/],
    [{ ...valid, numerator: undefined }, 'MEDIAN', /Invalid definition.value/],
  ] as const)('refuses %o as a %s, naming the field', (spec, kind, message) => {
    expect(() => parseIndicatorSpec(spec, kind)).toThrow(message);
  });

  it('checks the resolved period a partner receives', () => {
    expect(parseResolvedPeriod({ kind: 'dates', from: '2024-07-01', before: '2025-07-01' })).toEqual({
      kind: 'dates',
      from: '2024-07-01',
      before: '2025-07-01',
      label: '',
    });
    expect(() => parseResolvedPeriod({ kind: 'dates', from: '2025-07-01', before: '2025-07-01' })).toThrow(/Invalid period: is empty/);
    expect(() => parseResolvedPeriod({ kind: 'dates', from: '2025-02-29', before: '2025-07-01' })).toThrow(/Invalid period.from/);
    expect(() => parseResolvedPeriod({ kind: 'cohort', cohort: "2025Q1' OR 1=1" })).toThrow(/Invalid period.cohort/);
  });
});
