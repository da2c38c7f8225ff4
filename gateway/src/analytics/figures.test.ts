import { median } from '@coalition/shared';
import { publish, SuppressionCache, figureOf } from './figures';

const cell = (sex: string, count: number) => ({
  key: `SEX=${sex}`,
  values: [{ dimension: 'SEX', value: sex }],
  count,
  measures: { numerator: null, sum: null, values: null },
});

describe('figures', () => {
  it('computes rates, means and exact medians after the merge', () => {
    expect(figureOf('RATE', 8, { numerator: 6, sum: null, values: null })).toBe(75);
    expect(figureOf('MEAN', 4, { numerator: null, sum: 10, values: null })).toBe(2.5);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([1, 2, 30])).toBe(2);
    expect(figureOf('MEDIAN', 0, { numerator: null, sum: null, values: [] })).toBeNull();
    expect(figureOf('COUNT', 0, { numerator: null, sum: null, values: null })).toBe(0);
  });

  it('reuses a suppression decision for the same counts only', async () => {
    const cache = new SuppressionCache(2);
    const first = await publish(['SEX'], { cells: [cell('F', 4), cell('M', 40), cell('N', 25)] }, { k: 11, p: 3 }, cache);
    const again = await publish(['SEX'], { cells: [cell('N', 25), cell('F', 4), cell('M', 40)] }, { k: 11, p: 3 }, cache);
    expect(again.suppressions).toBe(first.suppressions);
    const changed = await publish(['SEX'], { cells: [cell('F', 4), cell('M', 41), cell('N', 25)] }, { k: 11, p: 3 }, cache);
    expect(changed.suppressions).not.toBe(first.suppressions);
    expect((await publish(['SEX'], { cells: [cell('F', 4), cell('M', 40), cell('N', 25)] }, { k: 5, p: 3 }, cache)).suppressions).not.toBe(first.suppressions);
  });
});
