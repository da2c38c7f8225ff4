import { DomainError, ErrorCode } from './errors';
import { assertCleanInput, findBadCharacter } from './input-hygiene';

describe('findBadCharacter (control characters and invalid UTF-16 in any string input)', () => {
  it.each([
    ['NUL', 'Ada\u0000', 'contains a control character (U+0000)'],
    ['BEL', 'A\u0007da', 'contains a control character (U+0007)'],
    ['vertical tab', 'A\u000Bda', 'contains a control character (U+000B)'],
    ['escape', '\u001B[31mAda', 'contains a control character (U+001B)'],
    ['DEL', 'Ada\u007F', 'contains a control character (U+007F)'],
    ['a C1 control (NEL)', 'Ada\u0085', 'contains a control character (U+0085)'],
    ['a lone high surrogate', 'Ada\uD800', 'is not valid Unicode: it has a lone surrogate (U+D800)'],
    ['a lone high surrogate before a letter', '\uD83Dx', 'is not valid Unicode: it has a lone surrogate (U+D83D)'],
    ['a lone low surrogate', '\uDC00Ada', 'is not valid Unicode: it has a lone surrogate (U+DC00)'],
    ['two low surrogates', '\uDE00\uDE00', 'is not valid Unicode: it has a lone surrogate (U+DE00)'],
  ])('refuses %s', (_what, text, reason) => {
    expect(findBadCharacter(text, 'firstName')).toEqual({ path: 'firstName', reason });
  });

  it.each([
    ['accented letters', 'Zoë Ødegård-Núñez'],
    ['an emoji (a surrogate pair)', 'Ada 😀 Lovelace'],
    ['astral CJK', '𠮷野家'],
    ['tab, newline and carriage return (free text)', 'line one\r\n\tline two'],
    ['the empty string', ''],
    ['non-breaking space and other printable characters above U+009F', 'A\u00A0B\u00ADC\u200D'],
  ])('lets %s through', (_what, text) => {
    expect(findBadCharacter(text, 'x')).toBeNull();
  });

  it('names the path of the first bad string in nested objects and lists', () => {
    const input = {
      localId: 'A-1',
      names: ['ok', 'also ok'],
      records: [{ localId: 'ok' }, { localId: 'ok', tags: ['fine', 'bad\u0000'] }],
      lastName: 'x\uD800',
    };
    expect(findBadCharacter(input, 'input')).toEqual({ path: 'input.records[1].tags[1]', reason: 'contains a control character (U+0000)' });
    expect(findBadCharacter({ a: { b: [[null, 1, true, 'q\u0007']] } }, '')).toEqual({ path: 'a.b[0][3]', reason: 'contains a control character (U+0007)' });
  });

  it('checks object keys too (JSON scalars), without repeating the key', () => {
    expect(findBadCharacter({ meta: { 'bad\u0000key': 1 } }, 'input')).toEqual({
      path: 'input.meta',
      reason: 'has a key that contains a control character (U+0000)',
    });
  });

  it('passes numbers, booleans, null and clean nested values', () => {
    expect(findBadCharacter({ a: 1, b: [true, null, undefined, { c: 'Zoë' }], d: new Date(0) }, 'input')).toBeNull();
  });

  it('walks deep values without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadCharacter(deep, 'v')?.reason).toBe('contains a control character (U+0000)');
  });

  it('assertCleanInput throws BAD_USER_INPUT naming the field, never quoting the value', () => {
    let thrown: unknown;
    try {
      assertCleanInput({ firstName: 'Rosalind\u0000' }, 'input');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      message: 'Invalid input.firstName: contains a control character (U+0000)',
      details: { field: 'input.firstName' },
    });
    expect((thrown as Error).message).not.toContain('Rosalind');
    expect(() => assertCleanInput({ firstName: 'Rosalind' }, 'input')).not.toThrow();
  });
});
