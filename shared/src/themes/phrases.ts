import { english as engine } from './english';
import { badCharacterIn } from '../input-hygiene';
import type { CompiledCodebook, CompiledRule } from './codebook';
import { MAX_ANSWER_LENGTH } from './coder';

/**
 * Emerging phrases: the bigrams and trigrams of lemmas in free-text answers that the codebook
 * does not cover yet, so a backbone can see what people write about that no theme catches. They
 * are formed at the partner; only phrases leave it (never answers), and only after scrubbing:
 * numbers, e-mails, URLs, phone numbers, handles, possible names and street addresses never
 * reach a phrase, and a scrubbed token breaks a phrase (none spans it). Counting people per
 * phrase with a threshold (the partner's ThemeCodingService.phrases, in SQL) keeps what a single person wrote from leaving.
 */

interface Token {
  raw: string;
  lemma: string;
  type: string;
  stop: boolean;
}

const MAX_TOKEN_LENGTH = 30;
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'dr', 'miss']);
const STREET = new Set(['street', 'st', 'avenue', 'ave', 'road', 'rd', 'lane', 'ln', 'drive', 'dr', 'blvd', 'boulevard', 'court', 'ct', 'apt', 'suite']);
const UNIT = new Set(['apt', 'suite', 'unit']);
const DIRECTION = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']);
/** Words a street number may stand before its street word ("12 Martin Luther King Blvd"). */
const ADDRESS_WINDOW = 4;
/** The pronoun "I", alone or contracted ("I'm"), is not a name. */
const PRONOUN_I = /^I(['’][a-z]+)?$/;
/** A lemma that may stand in a phrase: letters, with apostrophes or hyphens inside. */
const LEMMA = /^\p{L}[\p{L}'’-]*$/u;
const TITLE_CASE = /^\p{Lu}/u;
/** A letter on its own, other than "a" and "I": a unit ("4B"), an initial ("J. Smith"), a grade. */
const LETTER = /^[^ai]$/u;
/**
 * Replaced by a number (which is scrubbed) before wink reads the answer: wink finds e-mails and
 * URLs with a scheme itself, but splits "www.example.com" or "example.org" into words.
 */
const NET = /\S+@\S+|\b(?:https?:\/\/|www\.)\S+|\b[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.(?:com|org|net|edu|gov|info|biz|io|us|co|me|ly)\b\S*/giu;

const bare = (raw: string) => raw.toLowerCase().replace(/\.$/, '');

function refused(text: string): boolean {
  if (typeof text !== 'string' || !text.trim() || text.length > MAX_ANSWER_LENGTH) return true;
  return badCharacterIn(text) !== null || text.includes('\ufffd');
}

/** The answer's sentences, each its tokens (raw text, lower-case lemma, wink type, stop word). */
function analyse(text: string): Token[][] {
  const { its } = engine();
  const sentences = engine().readDoc(text.replace(NET, ' 0 ')).sentences().out() as string[];
  return sentences.map((sentence) => {
    const tokens = engine().readDoc(sentence).tokens();
    // wink-nlp's typings reject its own `its` helpers under strict function types; the calls are as documented.
    const out = <T>(helper: unknown) => tokens.out(helper as never) as unknown as T[];
    const lemmas = out<string>(its.lemma);
    const types = out<string>(its.type);
    const stops = out<boolean>(its.stopWordFlag);
    return out<string>(its.value).map((raw, i) => ({ raw, lemma: lemmas[i].toLowerCase(), type: types[i], stop: stops[i] }));
  });
}

/** A title-case word that does not open its sentence and is not "I": possibly a name. */
function capitalisedInside(sentence: Token[], i: number): boolean {
  const first = sentence.findIndex((t) => t.type === 'word');
  const token = sentence[i];
  return i !== first && token.type === 'word' && TITLE_CASE.test(token.raw) && !PRONOUN_I.test(token.raw);
}

/**
 * Possible names in the answer, lower case: capitalised words inside a sentence and words after
 * an honorific. Such a word is scrubbed everywhere in the answer, at the start of a sentence too.
 */
function namesIn(sentences: Token[][]): Set<string> {
  const names = new Set<string>();
  for (const sentence of sentences) {
    sentence.forEach((token, i) => {
      const previous = sentence[i - 1];
      const afterHonorific = previous !== undefined && isHonorific(previous);
      if (token.type === 'word' && (capitalisedInside(sentence, i) || afterHonorific)) names.add(token.raw.toLowerCase());
    });
  }
  return names;
}

/** "Mr", "Mrs", "Ms", "Dr" in any case, with or without a period; "Miss" only capitalised (not the verb). */
function isHonorific(token: Token): boolean {
  const word = bare(token.raw);
  return token.type === 'word' && HONORIFICS.has(word) && (word !== 'miss' || TITLE_CASE.test(token.raw));
}

const hasNumber = (token: Token) => token.type === 'number' || /\d/.test(token.raw);

/** Marks street addresses: a number, up to the last street word a few words on, and a unit or direction after. */
function markAddresses(sentence: Token[], scrub: boolean[]): void {
  for (let i = 0; i < sentence.length; i++) {
    if (!hasNumber(sentence[i])) continue;
    let end = -1;
    for (let j = i + 1; j <= i + ADDRESS_WINDOW && j < sentence.length && sentence[j].type === 'word'; j++) {
      if (STREET.has(bare(sentence[j].raw))) end = j;
    }
    if (end < 0) continue;
    while (end + 1 < sentence.length && DIRECTION.has(bare(sentence[end + 1].raw))) end++;
    for (let k = i; k <= end; k++) scrub[k] = true;
  }
  sentence.forEach((token, i) => {
    if (UNIT.has(bare(token.raw)) && i + 1 < sentence.length) scrub[i + 1] = true;
  });
}

/** Which tokens of a sentence are scrubbed (true) or may stand in a phrase (false). */
function scrubbed(sentence: Token[], names: Set<string>): boolean[] {
  const scrub = sentence.map(
    (token, i) =>
      token.type !== 'word' ||
      /\d/.test(token.raw) ||
      token.raw.length > MAX_TOKEN_LENGTH ||
      !LEMMA.test(token.lemma) ||
      LETTER.test(token.lemma) ||
      capitalisedInside(sentence, i) ||
      names.has(token.raw.toLowerCase()) ||
      isHonorific(token) ||
      (i > 0 && isHonorific(sentence[i - 1])),
  );
  markAddresses(sentence, scrub);
  return scrub;
}

/** The codebook's rules, each as its terms in order: a phrase in which one of them matches is covered by the codebook. */
type Coverage = ReadonlyArray<CompiledRule['terms']>;

const coverages = new WeakMap<CompiledCodebook, Coverage>();

function coverageOf(codebook: CompiledCodebook): Coverage {
  let coverage = coverages.get(codebook);
  if (!coverage) {
    coverage = codebook.themes.flatMap((theme) => theme.rules.map((rule) => rule.terms));
    coverages.set(codebook, coverage);
  }
  return coverage;
}

/**
 * Whether the codebook would code the phrase: some rule's terms all appear in it, in order (a
 * lack rule's too, negation aside). A phrase that only shares a word with a rule ("bus" in "bus
 * driver" against "bus late") is not covered: it may be what the codebook is missing.
 */
function covered(coverage: Coverage, run: readonly Token[]): boolean {
  return coverage.some((terms) => {
    let at = 0;
    for (const term of terms) {
      while (at < run.length && !(term.prefix ? run[at].lemma.startsWith(term.lemma) : run[at].lemma === term.lemma)) at++;
      if (at === run.length) return false;
      at++;
    }
    return true;
  });
}

/** The sentence's bigrams and trigrams of kept words, not opening or closing on a stop word, not covered. */
function phrasesInSentence(sentence: Token[], scrub: boolean[], coverage: Coverage, into: Set<string>): void {
  for (let start = 0; start < sentence.length; start++) {
    for (const size of [2, 3]) {
      const run = sentence.slice(start, start + size);
      if (run.length < size || scrub.slice(start, start + size).some(Boolean)) continue;
      if (run[0].stop || run[size - 1].stop) continue;
      if (covered(coverage, run)) continue;
      into.add(run.map((token) => token.lemma).join(' '));
    }
  }
}

/** The distinct phrases of one answer that the codebook does not cover, lemmatised, lower case, scrubbed. */
export function phrasesOf(text: string, codebook: CompiledCodebook): string[] {
  if (refused(text)) return [];
  // Unlike the rule coder, no check that the answer reads as English: terse lists ("food banks,
  // soup kitchens") have no stop words, and phrases in another language are worth seeing too.
  const sentences = analyse(text);
  const names = namesIn(sentences);
  const coverage = coverageOf(codebook);
  const phrases = new Set<string>();
  for (const sentence of sentences) phrasesInSentence(sentence, scrubbed(sentence, names), coverage, phrases);
  // Sorted, not in the answer's order: the list says nothing about how the answer was written.
  return [...phrases].sort(byCodeUnit);
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
