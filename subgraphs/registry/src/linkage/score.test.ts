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
    // Same surname and birth date, a first name far apart and nothing personal in common: twins,
    // not worth a reviewer's time. With an SSN4 in common it is one person after all.
    expect(match({}, { firstName: 'Margit' }).twoPeople).toBe(true);
    expect(decision({}, { firstName: 'Margit' })).toBe('NEW');
    expect(decision({ ssnLast4: '1111' }, { firstName: 'Margit', ssnLast4: '1111' })).not.toBe('NEW');
    expect(decision({}, { birthDate: '1975-02-21' })).toBe('NEW');
  });

  it('weighs a name less the more people carry it', () => {
    expect(namesakePenalty(0)).toBe(0);
    expect(namesakePenalty(1)).toBe(0);
    expect(namesakePenalty(8)).toBe(3);
    expect(match({}, {}, 8).score).toBe(match({}, {}).score - 3);
    // A birth date agreeing on year and month: with a shared phone, enough for a name one person
    // carries, not for a common one; with nothing else, namesakes born days apart look the same.
    const phone = '6145550177';
    expect(decision({ phone }, { phone, birthDate: '1982-05-23' })).toBe('AUTO_LINK');
    expect(decision({ phone }, { phone, birthDate: '1982-05-23' }, 8)).toBe('POSSIBLE_MATCH');
    expect(match({}, { birthDate: '1982-05-23' }).blockers).toEqual(['BIRTH_DATE_PART']);
    expect(decision({}, { birthDate: '1982-05-23' })).toBe('POSSIBLE_MATCH');
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

  it('keeps twins out of auto-linking: similar names of the opposite sex, known different names, a first-name difference with nothing personal to tell them apart', () => {
    const twin = { lastName: 'Rossi', birthDate: '1990-07-01', phone: '6145550123' };
    const mario = match({ ...twin, firstName: 'Mario', sex: 'MALE' }, { ...twin, firstName: 'Marco', sex: 'MALE' });
    expect(mario.pattern.first).toBe('KNOWN_DIFFERENT');
    expect(decide(mario, DEFAULT_THRESHOLDS)).not.toBe('AUTO_LINK');
    const opposite = match({ ...twin, firstName: 'Daniel', sex: 'MALE' }, { ...twin, firstName: 'Daniela', sex: 'FEMALE' });
    expect(opposite.blockers).toEqual(expect.arrayContaining(['SEX_DIFFERS', 'TWIN_PROFILE']));
    expect(decide(opposite, DEFAULT_THRESHOLDS)).not.toBe('AUTO_LINK');
    expect(decision({ ...twin, firstName: 'Ana' }, { ...twin, firstName: 'Anna' })).not.toBe('AUTO_LINK');
    // A typo (not a known name) is left to the score; a first name far off is a twin profile.
    expect(decision({ ...twin, firstName: 'Harriet' }, { ...twin, firstName: 'Hariett' })).toBe('AUTO_LINK');
    expect(match({ ...twin, firstName: 'Harriet' }, { ...twin, firstName: 'Margit' }).blockers).toContain('TWIN_PROFILE');
    expect(decision({ ...twin, firstName: 'Harriet', ssnLast4: '4455' }, { ...twin, firstName: 'Harriett', ssnLast4: '4455' })).toBe('AUTO_LINK');
    // Known different names stay apart even with an e-mail in common (a shared family address).
    expect(decision({ ...twin, firstName: 'Brian', email: 'r@example.org' }, { ...twin, firstName: 'Bryan', email: 'r@example.org' })).not.toBe('AUTO_LINK');
  });

  it('counts Jr/Sr against a link, without changing the name tokens', () => {
    const father = { firstName: 'John', lastName: 'Okafor Sr', birthDate: '1961-03-03', sex: 'MALE' as const, phone: '6145550999' };
    const jr = match(father, { ...father, lastName: 'Okafor Jr.' });
    expect(jr.pattern.last).toBe('EXACT');
    expect(jr.pattern.suffix).toBe('DISAGREE');
    expect(jr.blockers).toContain('SUFFIX_DIFFERS');
    expect(decide(jr, DEFAULT_THRESHOLDS)).not.toBe('AUTO_LINK');
    expect(decision(father, { ...father, lastName: 'Okafor Sr.' })).toBe('AUTO_LINK');
  });

  it('sends a changed or hyphenated surname with the same first name, birth date and an identifier to review at least', () => {
    const before = { lastName: 'Lindqvist', phone: '6145550101' };
    const married = match(before, { ...before, lastName: 'Achebe' });
    expect(married.pattern.last).toBe('DIFFERENT');
    expect(decide(married, DEFAULT_THRESHOLDS)).toBe('POSSIBLE_MATCH');
    const hyphenated = match(before, { ...before, lastName: 'Lindqvist-Achebe' });
    expect(hyphenated.pattern.last).toBe('PART');
    expect(decide(hyphenated, DEFAULT_THRESHOLDS)).toBe('AUTO_LINK');
    expect(decision({ ...before, ssnLast4: '2468' }, { ...before, lastName: 'Achebe', ssnLast4: '2468' })).toBe('AUTO_LINK');
    // Without any identifier a new surname is not enough to bring two records to a person.
    expect(decision({ lastName: 'Lindqvist' }, { lastName: 'Achebe' })).toBe('POSSIBLE_MATCH');
    expect(decision({ lastName: 'Lindqvist', sex: null }, { lastName: 'Achebe', sex: null, firstName: 'Harriett' })).toBe('NEW');
  });

  it('sends a birth year off by one to review, unless the SSN4 agrees', () => {
    const near = match({}, { birthDate: '1983-05-09' });
    expect(near.pattern.dob).toBe('YEAR_NEAR');
    expect(decide(near, DEFAULT_THRESHOLDS)).toBe('POSSIBLE_MATCH');
    expect(decision({ ssnLast4: '1357' }, { ssnLast4: '1357', birthDate: '1981-05-09' })).toBe('AUTO_LINK');
  });

  it('compares a v2 record with a stored v1 record on the v1 fields', () => {
    const v2 = encodeIdentity(normalizeIdentity(person, '2026-11-23'), keys);
    const { suffix, lastParts, dobNear, firstKnown, ...fields } = v2;
    const v1 = { ...fields, scheme: 'cg-link-v1' as const };
    const compared = scorePair(prepare(v2), prepare(v1));
    expect(compared.pattern).toMatchObject({ first: 'EXACT', last: 'EXACT', dob: 'EXACT', suffix: 'MISSING' });
    expect(decide(compared, DEFAULT_THRESHOLDS)).toBe('AUTO_LINK');
  });

  it('tells two real names from a name and its typo by how many records carry each', () => {
    const twin = { lastName: 'Nguyen', birthDate: '1995-04-19', sex: 'FEMALE' as const };
    const pair = (carriers: [number, number]) => {
      const a = prepare(encodeIdentity(normalizeIdentity({ ...twin, firstName: 'Thien Huong' }, '2026-11-23'), keys));
      const b = prepare(encodeIdentity(normalizeIdentity({ ...twin, firstName: 'Thi Huong' }, '2026-11-23'), keys));
      a.firstCarriers = carriers[0];
      b.firstCarriers = carriers[1];
      return scorePair(a, b);
    };
    // Not on the English list: without counts the difference reads as a typo.
    expect(pair([0, 0]).pattern.first).not.toBe('KNOWN_DIFFERENT');
    // Both carried by many records, in like numbers: two names, a twin's profile.
    expect(pair([40, 30]).pattern.first).toBe('KNOWN_DIFFERENT');
    expect(decide(pair([40, 30]), DEFAULT_THRESHOLDS)).not.toBe('AUTO_LINK');
    // One carried 150 times, the other 3: a recurring typo of a common name, left to the score.
    expect(pair([150, 3]).pattern.first).not.toBe('KNOWN_DIFFERENT');
    expect(pair([1, 1]).pattern.first).not.toBe('KNOWN_DIFFERENT');
  });
});
