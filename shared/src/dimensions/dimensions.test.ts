import { DIMENSIONS, MAX_DIMENSIONS, canonicalDimensions, canonicalValues, cellKey, dimensionDescriptors, type Dimension } from '.';

describe('dimension modules', () => {
  it('keep the order numbers they were published with: partners of different versions build the same keys', () => {
    // A new dimension takes a number of its own; these never change (docs/ARCHITECTURE.md, "How to add a dimension").
    expect(Object.fromEntries(dimensionDescriptors.all().map((d) => [d.code, d.order]))).toEqual({
      PARTNER: 10,
      SEX: 20,
      RACE_GROUP: 30,
      AGE_BAND: 40,
      COUNTY: 50,
      COHORT: 60,
      PROGRAM_TYPE: 70,
      SENTIMENT: 80,
    });
    expect(DIMENSIONS).toEqual(['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND', 'COUNTY', 'COHORT', 'PROGRAM_TYPE', 'SENTIMENT']);
  });

  it('puts dimensions in canonical order once each, at most MAX_DIMENSIONS, every one known', () => {
    expect(canonicalDimensions<Dimension>(['COHORT', 'PARTNER', 'SEX', 'PARTNER'])).toEqual(['PARTNER', 'SEX', 'COHORT']);
    const five: Dimension[] = ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND', 'COUNTY'];
    expect(() => canonicalDimensions(five)).toThrow(`Invalid by: at most ${MAX_DIMENSIONS} dimensions at once`);
    expect(() => canonicalDimensions(['SHOE_SIZE'])).toThrow(/Invalid by: unknown dimension SHOE_SIZE/);
  });

  it('makes a cell key from named values whatever their order, and never needs to parse one', () => {
    const values = [
      { dimension: 'SEX', value: 'FEMALE' },
      { dimension: 'PARTNER', value: 'a' },
    ];
    expect(cellKey(values)).toBe('PARTNER=a|SEX=FEMALE');
    expect(cellKey([...values].reverse())).toBe('PARTNER=a|SEX=FEMALE');
    expect(canonicalValues(values).map((v) => v.dimension)).toEqual(['PARTNER', 'SEX']);
    const ordered = canonicalValues([...values].reverse());
    expect(canonicalValues(ordered)).toBe(ordered);
    expect(cellKey([])).toBe('');
  });

  it('takes a throwaway dimension everywhere the registry is read, and out again', () => {
    const remove = dimensionDescriptors.register({
      code: 'ENROLLED_YEAR',
      label: 'year of enrollment',
      order: 65,
      backboneOnly: true,
      sql: () => `extract(year FROM p.enrolled_on)::int::text`,
      of: (r) => r.enrolledOn.slice(0, 4),
    });
    try {
      expect(canonicalDimensions(['PROGRAM_TYPE', 'ENROLLED_YEAR', 'COHORT'])).toEqual(['COHORT', 'ENROLLED_YEAR', 'PROGRAM_TYPE']);
      const values = [
        { dimension: 'PROGRAM_TYPE', value: 'TRAINING' },
        { dimension: 'ENROLLED_YEAR', value: '2024' },
      ];
      expect(cellKey(values)).toBe('ENROLLED_YEAR=2024|PROGRAM_TYPE=TRAINING');
      expect(() => dimensionDescriptors.register({ ...dimensionDescriptors.require('SEX') })).toThrow(/registered twice/);
    } finally {
      remove();
    }
    expect(dimensionDescriptors.has('ENROLLED_YEAR')).toBe(false);
  });

  // The SQL side, and the two compared, run in tests/integration/domain-modules.test.ts.
  it('computes each value in JavaScript too', () => {
    const record = {
      partnerId: 'a',
      sex: 'MALE',
      raceEthnicity: ['ASIAN', 'ASIAN'],
      birthYear: 2000,
      enrolledOn: '2025-05-02',
      countyFips: null,
      programType: 'TRAINING',
    };
    expect(Object.fromEntries(dimensionDescriptors.all().map((d) => [d.code, d.of(record)]))).toEqual({
      PARTNER: 'a',
      SEX: 'MALE',
      RACE_GROUP: 'ASIAN',
      AGE_BAND: 'AGE_25_44',
      COUNTY: 'UNKNOWN',
      COHORT: '2025Q2',
      PROGRAM_TYPE: 'TRAINING',
      SENTIMENT: 'NO_ANSWER',
    });
    expect(dimensionDescriptors.require('SENTIMENT').of({ ...record, answerSentiment: -0.1 })).toBe('NEGATIVE');
    expect(dimensionDescriptors.require('SENTIMENT').of({ ...record, answerSentiment: 0.05 })).toBe('NEUTRAL');
    expect(dimensionDescriptors.require('RACE_GROUP').of({ ...record, raceEthnicity: null })).toBe('NOT_REPORTED');
  });
});
