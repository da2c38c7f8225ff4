import { deriveLinkageKeys, encodeIdentity, normalizeIdentity, type IdentityInput } from '@coalition/shared/linkage';
import { decide, DEFAULT_THRESHOLDS, namesakePenalty, prepare, scorePair } from './score';

const keys = deriveLinkageKeys('unit-test-secret-unit-test-secret-0000');
const person: IdentityInput = { firstName: 'Harriet', lastName: 'Lindqvist', birthDate: '1982-05-09', sex: 'FEMALE' };
const match = (a: Partial<IdentityInput>, b: Partial<IdentityInput>, namesakes = 1) =>
  scorePair(
    prepare(encodeIdentity(normalizeIdentity({ ...person, ...a }, '2026-11-23'), keys)),
    prepare(encodeIdentity(normalizeIdentity({ ...person, ...b }, '2026-11-23'), keys)),
    namesakes,
  );
const decision = (a: Partial<IdentityInput>, b: Partial<IdentityInput>, namesakes = 1) => decide(match(a, b, namesakes), DEFAULT_THRESHOLDS);

describe('match scoring', () => {
  it('links the same record, a misspelt surname, a nickname, swapped names and a day/month swap', () => {
    expect(match({}, {})).toMatchObject({ rule: 'NAME_DOB_SEX', crossed: false });
    expect(decision({}, {})).toBe('AUTO_LINK');
    expect(decision({}, { lastName: 'Lindquist' })).toBe('AUTO_LINK');
    expect(decision({ firstName: 'William', sex: 'MALE' }, { firstName: 'Bill', sex: 'MALE' })).toBe('AUTO_LINK');
    expect(match({}, { firstName: 'Lindqvist', lastName: 'Harriet' }).crossed).toBe(true);
    expect(decision({}, { firstName: 'Lindqvist', lastName: 'Harriet' })).toBe('AUTO_LINK');
    expect(decision({}, { birthDate: '1982-09-05' })).toBe('AUTO_LINK');
  });

  it('keeps twins and namesakes apart', () => {
    expect(decision({}, { firstName: 'Henrietta' })).not.toBe('AUTO_LINK');
    // Same surname and birth date, another first name: the twin profile goes to review at most.
    expect(decision({}, { firstName: 'Margit' })).toBe('POSSIBLE_MATCH');
    expect(decision({}, { birthDate: '1975-02-21' })).toBe('NEW');
  });

  it('weighs a name less the more people carry it', () => {
    expect(namesakePenalty(0)).toBe(0);
    expect(namesakePenalty(1)).toBe(0);
    expect(namesakePenalty(8)).toBe(3);
    expect(match({}, {}, 8).score).toBe(match({}, {}).score - 3);
    // A birth date agreeing on year and month: enough for a name one person carries, not for a common one.
    expect(decision({}, { birthDate: '1982-05-23' })).toBe('AUTO_LINK');
    expect(decision({}, { birthDate: '1982-05-23' }, 8)).toBe('POSSIBLE_MATCH');
    // The whole birth date still links a common name.
    expect(decision({}, {}, 64)).toBe('AUTO_LINK');
  });

  it('lets identifiers decide: a shared SSN4 confirms, a different one vetoes', () => {
    // A new surname (marriage) with the same SSN4 and birth date.
    expect(match({ ssnLast4: '1234' }, { ssnLast4: '1234', lastName: 'Okafor' }).rule).toBe('SSN4_DOB_INITIAL');
    expect(decision({ ssnLast4: '1234' }, { ssnLast4: '1234', lastName: 'Okafor' })).toBe('AUTO_LINK');
    expect(decision({}, { lastName: 'Okafor' })).not.toBe('AUTO_LINK');
    expect(decision({ ssnLast4: '1234' }, { ssnLast4: '9876' })).not.toBe('AUTO_LINK');
  });
});
