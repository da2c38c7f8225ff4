import type { WinkMethods } from 'wink-nlp';
import { english as engine, lexiconSize } from './english';
import { badCharacterIn } from '../input-hygiene';
import type { CompiledCodebook, CompiledRule } from './codebook';

/** One answer's coding: the themes it carries (none is a valid coding), or why it was not coded. */
export type Coding =
  | { status: 'CODED'; themes: Array<{ code: string; rule: string }> }
  | { status: 'REFUSED'; reason: 'EMPTY' | 'TOO_LONG' | 'BINARY' | 'NOT_ENGLISH'; message: string };

/**
 * What codes answers at a partner. The rule coder below is one; a partner may plug in its own
 * classifier (a model it runs itself) that answers the same way. Its `id` is kept with every
 * coding, so a figure never mixes coders or codebook versions unknowingly.
 */
export interface ThemeCoder {
  id: string;
  code(text: string): Coding;
}

export const MAX_ANSWER_LENGTH = 10_000;
/** Consecutive rule terms may stand this many tokens apart ("the bus was always late"). */
const WINDOW = 4;
/** A negation reaches this many tokens forward, and never past a clause boundary. */
const NEGATION_REACH = 5;
/** Words that negate what follows them ("n't" and "cannot" are lemmatised to "not"). */
const NEGATORS = new Set(['not', 'no', 'never', 'without', 'nobody', 'noone', 'nothing', 'none', 'nowhere', 'neither', 'nor', 'unable']);
/** Words that end a clause, and so a negation: "I can't afford it and the bus is late". */
const CLAUSE_BREAKS = new Set([
  'and',
  'but',
  'so',
  'because',
  'cause',
  'since',
  'as',
  'though',
  'although',
  'however',
  'while',
  'when',
  'which',
  'then',
  'until',
  'plus',
  'also',
  'except',
  'if',
]);
/**
 * A negated problem word close after the negator ("no problem with", "never an issue", "didn't
 * need") denies a barrier rather than stating a lack: its whole clause fires no rule at all.
 */
const DENIALS = new Set(['problem', 'issue', 'trouble', 'difficulty', 'concern', 'barrier', 'worry', 'need', 'hard', 'difficult', 'struggle', 'challenge']);
const DENIAL_REACH = 3;
/** Said of a barrier, these deny it too: "rent is fine now", "childcare was okay". */
const SETTLED = new Set(['fine', 'okay', 'ok', 'alright']);

interface Token {
  lemma: string;
  /** the word as written, lower-cased: wink lemmatises some words oddly ("learned", "broke") */
  surface: string;
  /** the index of the negator reaching this token, or -1 */
  negator: number;
  /** inside a clause that denies a problem ("transport was never an issue") */
  denied: boolean;
  stop: boolean;
  word: boolean;
  punctuation: boolean;
}

function refuse(text: string): Coding | null {
  if (typeof text !== 'string' || !text.trim()) return { status: 'REFUSED', reason: 'EMPTY', message: 'the answer is empty' };
  if (text.length > MAX_ANSWER_LENGTH) return { status: 'REFUSED', reason: 'TOO_LONG', message: `the answer is longer than ${MAX_ANSWER_LENGTH} characters` };
  // NUL and other control characters, lone surrogates, U+FFFD from bytes that were not UTF-8: not an answer.
  if (badCharacterIn(text) !== null || text.includes('\ufffd')) {
    return { status: 'REFUSED', reason: 'BINARY', message: 'the answer holds control characters or bytes that are not text' };
  }
  return null;
}

// wink-nlp's typings reject its own `its` helpers under strict function types; the calls are as documented.
type Tokens = ReturnType<ReturnType<WinkMethods['readDoc']>['tokens']>;
const outOf = <T>(tokens: Tokens, helper: unknown) => tokens.out(helper as never) as unknown as T[];

const isBreak = (token: Token) => token.punctuation || CLAUSE_BREAKS.has(token.lemma);

/**
 * Marks what each negator reaches: the tokens after it, up to NEGATION_REACH and never past a
 * clause boundary. When the negation denies a problem ("transport was never an issue", "no
 * problem with childcare"), the clause before it is denied too.
 */
function markNegation(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!NEGATORS.has(tokens[i].lemma)) continue;
    let end = i;
    // A clause word right after the negator is not a boundary ("not as shy", "not so bad"); a punctuation mark is.
    const ends = (j: number) => isBreak(tokens[j]) && (j > i + 1 || tokens[j].punctuation);
    while (end + 1 < tokens.length && end - i < NEGATION_REACH && !ends(end + 1)) end++;
    const denial = tokens.slice(i + 1, Math.min(end, i + DENIAL_REACH) + 1).some((t) => DENIALS.has(t.lemma));
    let from = i + 1;
    if (denial) while (from > 0 && !isBreak(tokens[from - 1])) from--;
    for (let j = from; j <= end; j++) {
      if (tokens[j].negator < 0) tokens[j].negator = i;
      tokens[j].denied ||= denial;
    }
  }
}

/** A word as the rules see it: lower case, without a closing full stop ("Ms." is "ms"). */
const plain = (word: string) => word.toLowerCase().replace(/(.)\.+$/, '$1');
/** wink keeps "I'm" as one token; the rules see "i be", as for "I was". */
const SPLIT: Record<string, string[]> = { "i'm": ['i', 'be'], im: ['i', 'be'] };

/** Denies the clause of a barrier said to be settled ("my health is fine now"). */
function markSettled(tokens: Token[]): void {
  for (let i = 1; i < tokens.length; i++) {
    if (!SETTLED.has(tokens[i].lemma) || !tokens.slice(Math.max(0, i - 2), i).some((t) => t.lemma === 'be')) continue;
    let from = i;
    while (from > 0 && !isBreak(tokens[from - 1])) from--;
    let end = i;
    while (end + 1 < tokens.length && !isBreak(tokens[end + 1])) end++;
    for (let j = from; j <= end; j++) {
      if (tokens[j].negator < 0) tokens[j].negator = i;
      tokens[j].denied = true;
    }
  }
}

/** One sentence's tokens (from the answer read once, lower-cased), with negation marked. */
function readSentence(tokens: Tokens): Token[] {
  const { its } = engine();
  const surfaces = outOf<string>(tokens, its.value);
  const lemmas = outOf<string>(tokens, its.lemma);
  const stops = outOf<boolean>(tokens, its.stopWordFlag);
  const types = outOf<string>(tokens, its.type);
  const read = lemmas.flatMap((lemma, i) => {
    const token = {
      lemma: plain(lemma),
      surface: plain(surfaces[i]),
      negator: -1,
      denied: false,
      stop: stops[i],
      word: types[i] === 'word',
      punctuation: types[i] === 'punctuation',
    };
    const parts = SPLIT[token.surface];
    return parts ? parts.map((part) => ({ ...token, lemma: part, surface: part })) : [token];
  });
  markNegation(read);
  markSettled(read);
  return read;
}

/**
 * The answer read once, lower-cased (wink tags a capitalised word as a name and does not
 * lemmatise it: "Kids were sick"), sentence by sentence: a negation reaches no further than its
 * sentence.
 */
function readAnswer(text: string): Token[][] {
  const sentences: Token[][] = [];
  engine()
    .readDoc(text.toLowerCase())
    .sentences()
    .each((sentence: { tokens(): Tokens }) => {
      sentences.push(readSentence(sentence.tokens()));
    });
  return sentences;
}

/**
 * Answers in another language are in another script, or have almost no English stop words
 * ("the", "and", "to") and most of their words are not in the English lexicon. Both must hold
 * then: a terse English note ("Client reports difficulty affording the fee required by
 * employers") has few stop words too, but its words are English ones.
 */
function readsAsEnglish(text: string, words: readonly Token[]): boolean {
  // Another script altogether (Chinese, Arabic, Cyrillic...): wink may not even split it into words.
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters >= 6 && (text.match(/\p{Script=Latin}/gu)?.length ?? 0) / letters < 0.5) return false;
  if (words.length < 6 || words.filter((t) => t.stop).length / words.length >= 0.2) return true;
  const { its } = engine();
  const tokens = engine().readDoc(text.toLowerCase()).tokens();
  const types = outOf<string>(tokens, its.type);
  const ids = outOf<number>(tokens, its.uniqueId).filter((_, i) => types[i] === 'word');
  return ids.filter((id) => id < lexiconSize()).length / ids.length >= 0.5;
}

const hit = (token: Token, term: CompiledRule['terms'][number]) =>
  term.prefix ? token.lemma.startsWith(term.lemma) || token.surface.startsWith(term.lemma) : token.lemma === term.lemma || token.surface === term.lemma;

/** Where a rule's terms stand in order from `start`, each within WINDOW of the last, or null. */
function placeFrom(rule: CompiledRule, tokens: readonly Token[], start: number): number[] | null {
  if (!hit(tokens[start], rule.terms[0])) return null;
  const used = [start];
  for (const term of rule.terms.slice(1)) {
    const at = used[used.length - 1];
    let next = -1;
    for (let j = at + 1; j <= Math.min(tokens.length - 1, at + WINDOW) && next < 0; j++) if (hit(tokens[j], term)) next = j;
    if (next < 0) return null;
    used.push(next);
  }
  return used;
}

/**
 * Matches one rule in one sentence's tokens. A rule about a lack ("no car") needs the negation
 * and no denial; any other rule must not be negated.
 */
function matches(rule: CompiledRule, tokens: readonly Token[]): boolean {
  for (let start = 0; start < tokens.length; start++) {
    const used = placeFrom(rule, tokens, start);
    if (!used) continue;
    // A negator the rule names itself ("nowhere to go") is what the rule is about, not a negation of it.
    const negated = used.some((i) => tokens[i].negator >= 0 && !used.includes(tokens[i].negator));
    const denied = used.some((i) => tokens[i].denied);
    if (rule.lack ? negated && !denied : !negated) return true;
  }
  return false;
}

/**
 * The rule coder: wink-nlp's English model (shipped in npm, no download at run time) splits an
 * answer into sentences and lemmatises it; negation is marked clause by clause; each theme's
 * rules then match lemmas (or the words as written) in order within a sentence. Deterministic:
 * the same answer and codebook give the same themes and rules, on every partner (model and
 * library versions are pinned).
 */
export function ruleCoder(codebook: CompiledCodebook): ThemeCoder {
  // A rule can only match a sentence holding each of its whole-word terms: checked first, by set lookups.
  const themes = codebook.themes.map((theme) => ({
    code: theme.code,
    rules: theme.rules.map((rule) => ({ rule, needs: rule.terms.filter((t) => !t.prefix).map((t) => t.lemma) })),
  }));
  return {
    id: `rules@wink-eng-lite-web-model-1.8.1/${codebook.code}@${codebook.version}`,
    code(text: string): Coding {
      const refused = refuse(text);
      if (refused) return refused;
      const sentences = readAnswer(text).map((tokens) => ({ tokens, words: new Set(tokens.flatMap((t) => [t.lemma, t.surface])) }));
      const words = sentences.flatMap((s) => s.tokens).filter((t) => t.word);
      if (!readsAsEnglish(text, words)) {
        return { status: 'REFUSED', reason: 'NOT_ENGLISH', message: 'the answer does not read as English; the codebook is English' };
      }
      const found: Array<{ code: string; rule: string }> = [];
      for (const theme of themes) {
        const fired = theme.rules.find(({ rule, needs }) => sentences.some((s) => needs.every((n) => s.words.has(n)) && matches(rule, s.tokens)));
        if (fired) found.push({ code: theme.code, rule: fired.rule.source });
      }
      return { status: 'CODED', themes: found };
    },
  };
}
