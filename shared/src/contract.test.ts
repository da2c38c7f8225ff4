import { ageBandOf, cohortOf, raceGroupOf } from './contract';

describe('contract helpers', () => {
  it('derives the enrollment quarter', () => {
    expect(cohortOf('2025-01-01')).toBe('2025Q1');
    expect(cohortOf('2025-03-31')).toBe('2025Q1');
    expect(cohortOf('2025-04-01')).toBe('2025Q2');
    expect(cohortOf('2025-12-31')).toBe('2025Q4');
    expect(() => cohortOf('2025-1-1')).toThrow(/not an ISO date/);
  });

  it('bands ages at the WIOA limits', () => {
    expect(ageBandOf(null, '2025-06-01')).toBe('UNKNOWN');
    expect(ageBandOf(2010, '2025-06-01')).toBe('UNDER_16');
    expect(ageBandOf(2009, '2025-06-01')).toBe('AGE_16_18');
    expect(ageBandOf(2007, '2025-06-01')).toBe('AGE_16_18');
    expect(ageBandOf(2006, '2025-06-01')).toBe('AGE_19_24');
    expect(ageBandOf(2001, '2025-06-01')).toBe('AGE_19_24');
    expect(ageBandOf(2000, '2025-06-01')).toBe('AGE_25_44');
    expect(ageBandOf(1971, '2025-06-01')).toBe('AGE_45_54');
    expect(ageBandOf(1966, '2025-06-01')).toBe('AGE_55_59');
    expect(ageBandOf(1965, '2025-06-01')).toBe('AGE_60_PLUS');
  });

  it('gives one race group per person so cells add up', () => {
    expect(raceGroupOf([])).toBe('NOT_REPORTED');
    expect(raceGroupOf(['ASIAN'])).toBe('ASIAN');
    expect(raceGroupOf(['ASIAN', 'ASIAN'])).toBe('ASIAN');
    expect(raceGroupOf(['ASIAN', 'WHITE'])).toBe('MULTIRACIAL');
  });
});
