import { codebookMarkdown } from './docs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCodebook, type Codebook } from './codebook';
import { MAX_ANSWER_LENGTH, ruleCoder } from './coder';
import { WORKFORCE_BARRIERS_V1 } from './workforce-barriers';

const coder = ruleCoder(compileCodebook(WORKFORCE_BARRIERS_V1));
const themesOf = (text: string) => {
  const coding = coder.code(text);
  if (coding.status !== 'CODED') throw new Error(`refused: ${coding.message}`);
  return coding.themes.map((t) => t.code).sort();
};

describe('the rule coder (wink-nlp, WORKFORCE_BARRIERS v1)', () => {
  it('codes several themes in one answer, and none in an off-topic one', () => {
    expect(themesOf('The buses were always late and I had nobody to watch my kids. My coach kept checking in on me though.')).toEqual([
      'CHILDCARE',
      'STAFF_SUPPORT',
      'TRANSPORTATION',
    ]);
    expect(themesOf('I like the color blue and my favorite food is pizza.')).toEqual([]);
  });

  it('does not code a theme the writer negated, and codes a lack', () => {
    expect(themesOf('No problem with transport, but daycare was too expensive.')).toEqual(['CHILDCARE']);
    expect(themesOf('I have no car so getting there took two hours.')).toContain('TRANSPORTATION');
    expect(themesOf('I did not have any issues with childcare.')).not.toContain('CHILDCARE');
    // "on time" negated is not a lack of time; "not enough time" is.
    expect(themesOf('The bus never came on time.')).not.toContain('SCHEDULING');
    expect(themesOf("I don't have enough time between shifts and class.")).toContain('SCHEDULING');
  });

  it('keeps a negation inside its sentence', () => {
    expect(themesOf('Childcare was never a problem. The daycare closed at five though and I missed classes.')).toContain('CHILDCARE');
  });

  it('records the rule that fired and the coder id, with the codebook version', () => {
    const coding = coder.code('I got my forklift certification.');
    expect(coding).toEqual({ status: 'CODED', themes: [{ code: 'SKILLS_GAINED', rule: 'certificat*' }] });
    expect(coder.id).toBe('rules@wink-eng-lite-web-model-1.8.1/WORKFORCE_BARRIERS@1');
  });

  it('refuses empty, very long, binary and non-English answers with a reason, never crashing', () => {
    expect(coder.code('   ')).toMatchObject({ status: 'REFUSED', reason: 'EMPTY' });
    expect(coder.code('a'.repeat(MAX_ANSWER_LENGTH + 1))).toMatchObject({ status: 'REFUSED', reason: 'TOO_LONG' });
    expect(coder.code('abc\u0000def')).toMatchObject({ status: 'REFUSED', reason: 'BINARY' });
    expect(coder.code('caf\ufffd au lait')).toMatchObject({ status: 'REFUSED', reason: 'BINARY' });
    expect(coder.code('El autobús siempre llega tarde y nadie cuida a mis hijos pequeños durante las clases.')).toMatchObject({
      status: 'REFUSED',
      reason: 'NOT_ENGLISH',
    });
    expect(coder.code('Line one.\nLine two with a bus stop too far.')).toMatchObject({ status: 'CODED' });
  });

  it('is deterministic', () => {
    const answer = 'Rent went up, I was evicted, and the shelter had a curfew that clashed with my night shift.';
    expect(coder.code(answer)).toEqual(coder.code(answer));
    expect(themesOf(answer)).toEqual(['HOUSING', 'SCHEDULING']);
  });
});

describe('codebooks', () => {
  it('compiles the demo codebook with every required theme', () => {
    const compiled = compileCodebook(WORKFORCE_BARRIERS_V1);
    expect(compiled.themes.map((t) => t.code)).toEqual(
      expect.arrayContaining([
        'TRANSPORTATION',
        'CHILDCARE',
        'HOUSING',
        'HEALTH',
        'FINANCIAL_STRAIN',
        'SCHEDULING',
        'DIGITAL_ACCESS',
        'DISCRIMINATION',
        'STAFF_SUPPORT',
        'SKILLS_GAINED',
        'CONFIDENCE',
        'EMPLOYER_CONNECTION',
      ]),
    );
  });

  it('refuses a rule that does not compile, naming the theme and the rule', () => {
    const broken = (rule: string): Codebook => ({ ...WORKFORCE_BARRIERS_V1, themes: [{ ...WORKFORCE_BARRIERS_V1.themes[0], rules: ['bus late', rule] }] });
    expect(() => compileCodebook(broken('bus (late'))).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'themes.TRANSPORTATION.rules[1]' }) }),
    );
    expect(() => compileCodebook(broken('no'))).toThrow('negates nothing');
    expect(() => compileCodebook(broken('tr*'))).toThrow('too short');
    expect(() => compileCodebook(broken('a b c d e f'))).toThrow('at most 5');
    expect(() => compileCodebook({ ...WORKFORCE_BARRIERS_V1, version: 0 })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'version' }) }),
    );
  });

  it('docs/THEMES.md holds every theme with its definition, notes and rules, so a person codes to the same rules', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'THEMES.md'), 'utf8');
    // Regenerate with npm run docs:themes.
    expect(doc).toContain(codebookMarkdown(WORKFORCE_BARRIERS_V1));
  });
});
