import { compileCodebook } from './codebook';
import { MAX_ANSWER_LENGTH } from './coder';
import { phrasesOf } from './phrases';
import { WORKFORCE_BARRIERS_V1 } from './workforce-barriers';

const codebook = compileCodebook(WORKFORCE_BARRIERS_V1);
const phrases = (text: string) => phrasesOf(text, codebook);
/** Every word of every phrase, to check that none carries a scrubbed token. */
const wordsOf = (text: string) => new Set(phrases(text).flatMap((phrase) => phrase.split(' ')));

describe('phrasesOf: scrubbing', () => {
  it('drops possible names: capitalised words inside a sentence, and the same word anywhere in the answer', () => {
    const found = phrases('my caseworker Maria Lopez helped me find food banks.');
    expect(found).toContain('food bank');
    expect(found.some((p) => /maria|lopez/.test(p))).toBe(false);
    // Named mid-sentence once, so also scrubbed where it opens a sentence.
    const twice = phrases('Maria found me free lunches. I thank Maria for the soup kitchen.');
    expect(twice.some((p) => p.includes('maria'))).toBe(false);
    expect(twice).toEqual(expect.arrayContaining(['free lunch', 'soup kitchen']));
  });

  it('drops the word after an honorific, the honorific itself, but not the pronoun I', () => {
    const words = wordsOf('Mr. Smith and dr jones fixed my leg, Miss Daisy gave free lunch and I got food stamps.');
    for (const word of ['smith', 'jones', 'daisy', 'mr.', 'dr', 'miss']) expect(words).not.toContain(word);
    expect(phrases('Dr Jones gave free lunch.')).toEqual(['free lunch', 'give free', 'give free lunch']);
    // "miss" in lower case is the verb, not a title.
    expect(phrases('I really miss free lunch.')).toContain('miss free lunch');
    expect(phrases('Then I got food stamps.')).toContain('food stamp');
  });

  it('drops e-mails, URLs and bare web addresses', () => {
    const words = wordsOf('Email me at john.doe@example.com or visit https://example.org/a, www.foo-bar.com or mariaslaw.org for legal aid today.');
    for (const word of ['john', 'doe', 'example', 'foo', 'bar', 'mariaslaw', 'org', 'com', 'www', 'https']) expect(words).not.toContain(word);
    expect(phrases('Email me at john.doe@example.com or visit https://example.org/a, www.foo-bar.com or mariaslaw.org for legal aid today.')).toContain(
      'legal aid',
    );
  });

  it('drops hashtags, mentions, emoticons and emoji, which break phrases', () => {
    expect(phrases('free #lunch @bob legal :) aid soup 😀 kitchen')).toEqual(['aid soup']);
    expect(wordsOf('Thanks @maria_l and #foodbank for legal aid')).toEqual(new Set(['legal', 'aid']));
  });

  it('drops phone numbers and every other number, and no phrase spans them', () => {
    expect(phrases('Call 555-201-3344 any morning.')).toEqual([]);
    expect(phrases('Call (555) 201-3344 or +1 555 201 3344 for free legal aid.')).toEqual(['free legal', 'free legal aid', 'legal aid']);
    // "free 12 lunch": the number breaks the phrase.
    expect(phrases('They had free 12 lunch vouchers.')).toEqual(['lunch voucher']);
    expect(wordsOf('Lost 3 weeks to covid19 in the 2nd month.')).not.toContain('covid19');
  });

  it('drops a street address, the whole run, with its unit', () => {
    expect(phrases('I live at 12 Oak Street near the food bank.')).toEqual(['food bank', 'near the food']);
    const words = wordsOf('I live at 12 oak street apt 4b near the flour mill, and 1600 pennsylvania ave nw is far.');
    for (const word of ['oak', 'street', 'apt', 'b', 'pennsylvania', 'ave', 'nw']) expect(words).not.toContain(word);
    expect(words).toContain('flour');
  });

  it('drops tokens longer than 30 characters', () => {
    expect(phrases('Free lunch supercalifragilisticexpialidociousness program.')).toEqual(['free lunch']);
  });
});

describe('phrasesOf: phrases', () => {
  it('keeps a new phrase, lemmatised and in lower case, with stop words only inside', () => {
    expect(phrases('Food banks were a lifesaver.')).toEqual(['food bank']);
    expect(phrases('The food bank was a lifesaver.')).toEqual(['food bank']);
    // "bank of food": a stop word inside a trigram is fine; none opens or closes a phrase.
    expect(phrases('I went to the bank of food.')).toEqual(['bank of food']);
  });

  it('drops phrases the codebook covers: a rule matches inside them', () => {
    // "criminal record" is a DISCRIMINATION rule: that phrase is covered; "record keep" only shares a word with it.
    expect(phrases('A criminal record kept me out.')).toEqual(['record keep']);
    // "evict*" is a HOUSING rule of one prefix term: every phrase holding it is covered.
    const found = phrases('Sick kids stayed home, eviction notices came, food banks helped.');
    expect(found).toEqual(expect.arrayContaining(['food bank', 'notice come']));
    expect(found.filter((p) => p.startsWith('evict'))).toEqual([]);
    expect(phrases('Evicted tenants lined up at soup kitchens.')).toEqual(expect.arrayContaining(['soup kitchen', 'tenant line']));
    expect(phrases('Evicted tenants lined up at soup kitchens.').some((p) => p.includes('evict'))).toBe(false);
  });

  it('breaks phrases at punctuation and sentences', () => {
    expect(phrases('Food, bank. Soup! Kitchen')).toEqual([]);
  });

  it('gives nothing for refused answers', () => {
    expect(phrases('')).toEqual([]);
    expect(phrases('   ')).toEqual([]);
    expect(phrases('food bank '.repeat(MAX_ANSWER_LENGTH / 10 + 1))).toEqual([]);
    expect(phrases('food bank \u0000')).toEqual([]);
    expect(phrases(null as unknown as string)).toEqual([]);
  });

  it('is deterministic, and gives distinct phrases in code-unit order', () => {
    const text = 'Soup kitchens and food banks. Food banks again, then soup kitchens.';
    expect(phrases(text)).toEqual(['food bank', 'kitchen and food', 'soup kitchen']);
    expect(phrases(text)).toEqual(phrases(text));
  });
});
