import { DomainError } from '../errors';
import { deriveLinkageKeys, encodeIdentity, soundex } from './encode';
import { normalizeIdentity, type IdentityInput } from './normalize';
import { validateEncoding } from './validate-encoding';

const base: IdentityInput = { firstName: 'Ana', lastName: 'Silva', birthDate: '1990-02-03', sex: 'FEMALE' };
const today = '2026-11-23';

function errorOf(input: Partial<IdentityInput>): { field: unknown; message: string } {
  try {
    normalizeIdentity({ ...base, ...input } as IdentityInput, today);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { field: (error as DomainError).details.field, message: (error as Error).message };
  }
  throw new Error('expected a BAD_USER_INPUT error');
}

describe('normalizeIdentity', () => {
  it('strips accents, punctuation, suffixes and maps nicknames', () => {
    const n = normalizeIdentity(
      { firstName: 'Bill', lastName: "  O'Neil-Smith Jr. ", birthDate: '1975-12-01', sex: 'MALE', phone: '+1 (614) 555-0101', email: ' X@Y.ORG ' },
      today,
    );
    expect(n).toEqual({
      first: 'BILL',
      formalFirst: 'WILLIAM',
      last: 'ONEILSMITH',
      lastParts: ['ONEIL', 'SMITH'],
      suffix: 'JR',
      birthDate: '1975-12-01',
      sex: 'MALE',
      ssnLast4: null,
      phone: '6145550101',
      email: 'x@y.org',
    });
    expect(normalizeIdentity({ ...base, firstName: 'José', lastName: 'Müller' }, today)).toMatchObject({ first: 'JOSE', last: 'MULLER' });
  });

  it('keeps a suffix apart only after the first word, and surname parts without particles', () => {
    expect(normalizeIdentity({ ...base, lastName: 'Jr' }, today)).toMatchObject({ last: 'JR', suffix: null });
    expect(normalizeIdentity({ ...base, firstName: 'John III' }, today)).toMatchObject({ first: 'JOHN', suffix: 'III' });
    expect(normalizeIdentity({ ...base, lastName: 'Smith Sr.' }, today)).toMatchObject({ last: 'SMITH', suffix: 'SR', lastParts: [] });
    expect(normalizeIdentity({ ...base, firstName: 'Đức', lastName: 'Đặng' }, today)).toMatchObject({ first: 'DUC', last: 'DANG' });
    expect(normalizeIdentity({ ...base, lastName: 'de la Cruz-Ortiz' }, today)).toMatchObject({ last: 'DELACRUZORTIZ', lastParts: ['CRUZ', 'ORTIZ'] });
  });

  it.each([
    [{ birthDate: '2030-01-01' }, 'birthDate', 'in the future'],
    [{ birthDate: '1990-02-30' }, 'birthDate', 'not a calendar date'],
    [{ birthDate: '03/02/1990' }, 'birthDate', 'YYYY-MM-DD'],
    [{ firstName: '   ' }, 'firstName', 'empty'],
    [{ lastName: '王' }, 'lastName', 'no letters A-Z'],
    [{ lastName: 'Smith2' }, 'lastName', 'digits'],
    [{ ssnLast4: '12a4' }, 'ssnLast4', '4 digits'],
    [{ phone: '555-0101' }, 'phone', '10-digit'],
    [{ email: 'not-an-email' }, 'email', 'not an e-mail'],
    [{ sex: 'F' as never }, 'sex', 'one of'],
  ])('refuses %j naming %s', (input, field, reason) => {
    const error = errorOf(input);
    expect(error.field).toBe(field);
    expect(error.message).toContain(reason);
  });

  it('never echoes a personal value in an error', () => {
    expect(errorOf({ email: 'secret-person@nowhere' }).message).not.toContain('secret-person');
    expect(errorOf({ phone: '123-SECRET' }).message).not.toContain('SECRET');
  });
});

describe('encodeIdentity', () => {
  const keys = deriveLinkageKeys('x'.repeat(32));
  const encode = (input: Partial<IdentityInput>) => encodeIdentity(normalizeIdentity({ ...base, ...input } as IdentityInput, today), keys);

  it('a nickname and its formal name share the name rule token', () => {
    expect(encode({ firstName: 'Bill' }).rules.NAME_DOB_SEX).toBe(encode({ firstName: 'William' }).rules.NAME_DOB_SEX);
    expect(encode({ firstName: 'Bill' }).rules.NAME_DOB_SEX).not.toBe(encode({ firstName: 'Will', birthDate: '1990-02-04' }).rules.NAME_DOB_SEX);
  });

  it('a day/month swap keeps the swap token and changes the rest', () => {
    const [a, b] = [encode({ birthDate: '1990-02-03' }), encode({ birthDate: '1990-03-02' })];
    expect(a.dobSwap).toBe(b.dobSwap);
    expect(a.dob).not.toBe(b.dob);
  });

  it('contains no name, date or identifier in the clear', () => {
    const text = JSON.stringify(encode({ ssnLast4: '4321', phone: '6145550123', email: 'ana@example.org' }));
    for (const raw of ['ANA', 'SILVA', 'Silva', '1990', '4321', '6145550123', 'ana@example.org']) expect(text).not.toContain(raw);
  });

  it('passes its own validation, and a raw value does not', () => {
    const encoding = encode({});
    expect(validateEncoding(encoding, 'records[0].encoding')).toBe(encoding);
    expect(() => validateEncoding({ ...encoding, last: 'SILVA' }, 'records[0].encoding')).toThrow('records[0].encoding.last');
    expect(() => validateEncoding({ ...encoding, scheme: 'v0' }, 'e')).toThrow('e.scheme');
  });

  it('soundex groups similar names', () => {
    expect(soundex('ROBERT')).toBe('R163');
    expect(soundex('RUPERT')).toBe('R163');
    expect(soundex('ASHCRAFT')).toBe('A261');
    expect(soundex('LEE')).toBe('L000');
  });
});
