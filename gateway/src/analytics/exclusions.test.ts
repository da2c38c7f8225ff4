import { exclusionsOf, type SharedRecord } from './exclusions';

const record = (partnerId: string, gsid: string, survivor: string, anchorOn: string): SharedRecord => ({ partnerId, gsid, survivor, anchorOn });

describe('which partner counts a person held at several', () => {
  it('the partner with the latest qualifying record counts them; the others leave them out', () => {
    const records = [record('a', 'g1', 'g1', '2024-03-01'), record('b', 'g1', 'g1', '2024-09-01'), record('c', 'g1', 'g1', '2024-01-01')];
    expect(exclusionsOf(records)).toEqual(
      new Map([
        ['a', ['g1']],
        ['c', ['g1']],
      ]),
    );
  });

  it('on equal dates the first partner id counts them, whatever order the answers came in', () => {
    const records = [record('b', 'g1', 'g1', '2024-09-01'), record('a', 'g1', 'g1', '2024-09-01')];
    expect(exclusionsOf(records)).toEqual(new Map([['b', ['g1']]]));
    expect(exclusionsOf([...records].reverse())).toEqual(new Map([['b', ['g1']]]));
  });

  it('follows merges: a partner still holding a merged GSID is excluded under that GSID, the one it knows', () => {
    const records = [record('a', 'gOld', 'gNew', '2024-10-01'), record('b', 'gNew', 'gNew', '2024-02-01')];
    expect(exclusionsOf(records)).toEqual(new Map([['b', ['gNew']]]));
  });

  it('a person held at one partner only is excluded nowhere', () => {
    expect(exclusionsOf([record('a', 'g1', 'g1', '2024-01-01'), record('b', 'g2', 'g2', '2024-01-01')])).toEqual(new Map());
  });
});
