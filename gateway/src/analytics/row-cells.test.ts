import { parseIndicatorSpec } from '@coalition/shared';
import { cellsFromRows, cellsOf, type CountedRecord, type PartnerRows } from './row-cells';

const rate = {
  kind: 'RATE',
  spec: parseIndicatorSpec(
    {
      count: 'PEOPLE',
      anchor: 'EXIT',
      population: [{ exited: true }],
      numerator: [{ outcome: { indicator: 'EMP_Q2', period: 'Q2_AFTER_EXIT', equals: true } }],
      dimensions: ['PARTNER', 'SEX'],
      periods: ['PROGRAM_YEAR'],
    },
    'RATE',
  ),
};
const median = {
  kind: 'MEDIAN',
  spec: parseIndicatorSpec(
    {
      count: 'PEOPLE',
      anchor: 'EXIT',
      population: [{ exited: true }],
      value: { indicator: 'EARN_Q2', period: 'Q2_AFTER_EXIT' },
      dimensions: ['PARTNER', 'SEX'],
      periods: ['PROGRAM_YEAR'],
    },
    'MEDIAN',
  ),
};

function rows(
  partnerId: string,
  records: Array<[localId: string, gsid: string | null, anchorOn: string, sex: string, hit: boolean | null, value: number | null]>,
): PartnerRows {
  return {
    partnerId,
    dimensions: ['PARTNER', 'SEX'],
    localId: records.map((r) => r[0]),
    gsid: records.map((r) => r[1]),
    anchorOn: records.map((r) => r[2]),
    values: records.map((r) => [partnerId, r[3]]),
    hit: records.map((r) => r[4]),
    value: records.map((r) => r[5]),
  };
}

const byKey = (cells: ReturnType<typeof cellsFromRows>) => Object.fromEntries(cells.map((c) => [c.key, { count: c.count, ...c.measures }]));

describe('cells from shipped rows (the gateway without pushdown)', () => {
  it('counts a person once, at the latest record; ties go to the first partner id, then the first local id', () => {
    const cells = byKey(
      cellsFromRows(
        rate,
        [
          rows('b-partner', [
            ['B1', 'gs_x', '2024-09-01', 'FEMALE', true, null],
            ['B2', 'gs_y', '2024-08-01', 'FEMALE', false, null],
            ['B3', 'gs_z', '2024-08-01', 'MALE', true, null],
          ]),
          rows('a-partner', [
            ['A1', 'gs_x', '2024-08-01', 'FEMALE', false, null],
            ['A2', 'gs_y', '2024-08-01', 'FEMALE', true, null],
            ['A4', 'gs_z', '2024-08-01', 'MALE', false, null],
            ['A3', 'gs_z', '2024-08-01', 'MALE', true, null],
          ]),
        ],
        new Map(),
      ),
    );
    // gs_x: B's record is later. gs_y: same day, a-partner wins. gs_z: a-partner, and of its two records A3 (the first local id).
    expect(cells).toEqual({
      'PARTNER=b-partner|SEX=FEMALE': { count: 1, numerator: 1, sum: null, values: null },
      'PARTNER=a-partner|SEX=FEMALE': { count: 1, numerator: 1, sum: null, values: null },
      'PARTNER=a-partner|SEX=MALE': { count: 1, numerator: 1, sum: null, values: null },
    });
  });

  it('groups merged GSIDs under their survivor and counts unlinked records one by one', () => {
    const cells = byKey(
      cellsFromRows(
        rate,
        [
          rows('a-partner', [
            ['A1', 'gs_old', '2024-10-01', 'MALE', true, null],
            ['A2', null, '2024-10-01', 'MALE', false, null],
            ['A3', null, '2024-10-01', 'MALE', false, null],
          ]),
          rows('b-partner', [['B1', 'gs_new', '2024-09-01', 'MALE', true, null]]),
        ],
        new Map([
          ['a-partner gs_old', 'gs_new'],
          ['b-partner gs_new', 'gs_new'],
        ]),
      ),
    );
    expect(cells).toEqual({ 'PARTNER=a-partner|SEX=MALE': { count: 3, numerator: 1, sum: null, values: null } });
  });

  it('sums values and keeps them sorted for a median', () => {
    const cells = byKey(
      cellsFromRows(
        median,
        [
          rows('a-partner', [
            ['A1', 'gs_1', '2024-10-01', 'FEMALE', null, 9000],
            ['A2', 'gs_2', '2024-10-01', 'FEMALE', null, 4000],
            ['A3', 'gs_3', '2024-10-01', 'FEMALE', null, 6500],
          ]),
        ],
        new Map(),
      ),
    );
    expect(cells['PARTNER=a-partner|SEX=FEMALE']).toEqual({ count: 3, numerator: null, sum: 19500, values: [4000, 6500, 9000] });
  });

  it('keeps every record when the definition counts records', () => {
    const spec = parseIndicatorSpec({ count: 'RECORDS', anchor: 'EXIT', population: [], dimensions: ['PARTNER', 'SEX'], periods: ['PROGRAM_YEAR'] }, 'COUNT');
    const records = { kind: 'COUNT', spec };
    const cells = byKey(
      cellsFromRows(
        records,
        [
          rows('a-partner', [
            ['A1', 'gs_1', '2024-10-01', 'FEMALE', null, null],
            ['A2', 'gs_1', '2024-11-01', 'FEMALE', null, null],
          ]),
        ],
        new Map(),
      ),
    );
    expect(cells['PARTNER=a-partner|SEX=FEMALE'].count).toBe(2);
  });
});

describe('cells from counted records (the shared people a partner shipped as tuples)', () => {
  const at = (partner: string, sex: string, hit: boolean | null, value: number | null): CountedRecord => ({
    // Named values in the partner's order: the cell key is made in the gateway's canonical order.
    values: [
      { dimension: 'SEX', value: sex },
      { dimension: 'PARTNER', value: partner },
    ],
    hit,
    value,
  });

  it('puts each record in the cell of its named values, counting 1, with the measures its kind has', () => {
    const cells = byKey(cellsOf('RATE', [at('a', 'FEMALE', true, null), at('a', 'FEMALE', false, null), at('b', 'MALE', null, null)]));
    expect(cells).toEqual({
      'PARTNER=a|SEX=FEMALE': { count: 2, numerator: 1, sum: null, values: null },
      'PARTNER=b|SEX=MALE': { count: 1, numerator: 0, sum: null, values: null },
    });
    expect(byKey(cellsOf('COUNT', [at('a', 'MALE', null, null)]))).toEqual({ 'PARTNER=a|SEX=MALE': { count: 1, numerator: null, sum: null, values: null } });
  });

  it('sums values and keeps them sorted for a median', () => {
    const cells = byKey(cellsOf('MEDIAN', [at('a', 'MALE', null, 7000), at('a', 'MALE', null, 3000)]));
    expect(cells).toEqual({ 'PARTNER=a|SEX=MALE': { count: 2, numerator: null, sum: 10000, values: [3000, 7000] } });
  });
});
