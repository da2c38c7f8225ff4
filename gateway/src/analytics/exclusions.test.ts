import { countingRecords, type SharedRecord } from './exclusions';

const record = (partnerId: string, gsid: string, survivor: string, anchorOn: string): SharedRecord => ({ partnerId, gsid, survivor, anchorOn });
const chosen = (records: SharedRecord[]) => Object.fromEntries([...countingRecords(records)].map(([survivor, r]) => [survivor, `${r.partnerId} ${r.gsid}`]));

describe('which partner counts a person held at several', () => {
  it('the partner with the latest qualifying record counts them', () => {
    const records = [record('a', 'g1', 'g1', '2024-03-01'), record('b', 'g1', 'g1', '2024-09-01'), record('c', 'g1', 'g1', '2024-01-01')];
    expect(chosen(records)).toEqual({ g1: 'b g1' });
  });

  it('on equal dates the first partner id counts them, whatever order the answers came in', () => {
    const records = [record('b', 'g1', 'g1', '2024-09-01'), record('a', 'g1', 'g1', '2024-09-01')];
    expect(chosen(records)).toEqual({ g1: 'a g1' });
    expect(chosen([...records].reverse())).toEqual({ g1: 'a g1' });
  });

  it('follows merges: a partner still holding a merged GSID counts the person under that GSID, the one it knows', () => {
    const records = [record('a', 'gOld', 'gNew', '2024-10-01'), record('b', 'gNew', 'gNew', '2024-02-01')];
    expect(chosen(records)).toEqual({ gNew: 'a gOld' });
  });

  it('counts a person once even when one partner holds two of their merged GSIDs', () => {
    const records = [record('a', 'gOld', 'gNew', '2024-10-01'), record('a', 'gNew', 'gNew', '2024-10-01'), record('b', 'gNew', 'gNew', '2024-02-01')];
    expect(chosen(records)).toEqual({ gNew: 'a gNew' });
    expect(chosen([...records].reverse())).toEqual({ gNew: 'a gNew' });
  });

  it('a person held at one partner only counts there', () => {
    expect(chosen([record('a', 'g1', 'g1', '2024-01-01'), record('b', 'g2', 'g2', '2024-01-01')])).toEqual({ g1: 'a g1', g2: 'b g2' });
  });
});
