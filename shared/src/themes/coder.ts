import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
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

let nlp: WinkMethods | null = null;
const engine = () => (nlp ??= winkNLP(model));

interface Token {
  lemma: string;
  negated: boolean;
  stop: boolean;
  word: boolean;
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

/** Matches one rule in one sentence's tokens: terms in order, each within WINDOW of the last. */
function matches(rule: CompiledRule, tokens: readonly Token[]): boolean {
  const hit = (token: Token, term: CompiledRule['terms'][number]) => (term.prefix ? token.lemma.startsWith(term.lemma) : token.lemma === term.lemma);
  for (let start = 0; start < tokens.length; start++) {
    if (!hit(tokens[start], rule.terms[0])) continue;
    const used = [start];
    let at = start;
    for (const term of rule.terms.slice(1)) {
      let next = -1;
      for (let j = at + 1; j <= Math.min(tokens.length - 1, at + WINDOW); j++) {
        if (hit(tokens[j], term)) {
          next = j;
          break;
        }
      }
      if (next < 0) break;
      used.push(next);
      at = next;
    }
    if (used.length < rule.terms.length) continue;
    const negated = used.some((i) => tokens[i].negated);
    // A rule about a lack ("no car") needs the negation; any other rule must not be negated.
    if (negated === rule.lack) return true;
  }
  return false;
}

/**
 * The rule coder: wink-nlp's English model (shipped in npm, no download at run time) splits an
 * answer into sentences, lemmatises it and marks negated tokens; each theme's rules then match
 * lemmas in order within a sentence. Deterministic: the same answer and codebook give the same
 * themes and rules, on every partner (model and library versions are pinned).
 */
export function ruleCoder(codebook: CompiledCodebook): ThemeCoder {
  return {
    id: `rules@wink-eng-lite-web-model-1.8.1/${codebook.code}@${codebook.version}`,
    code(text: string): Coding {
      const refused = refuse(text);
      if (refused) return refused;
      const { its } = engine();
      // Sentence by sentence: a negation reaches no further than its sentence.
      const sentences: Token[][] = (engine().readDoc(text).sentences().out() as string[]).map((sentence) => {
        const tokens = engine().readDoc(sentence).tokens();
        // wink-nlp's typings reject its own `its` helpers under strict function types; the calls are as documented.
        const out = <T>(helper: unknown) => tokens.out(helper as never) as unknown as T[];
        const lemmas = out<string>(its.lemma);
        const negated = out<boolean>(its.negationFlag);
        const stops = out<boolean>(its.stopWordFlag);
        const types = out<string>(its.type);
        return lemmas.map((lemma, i) => ({ lemma: lemma.toLowerCase(), negated: negated[i], stop: stops[i], word: types[i] === 'word' }));
      });
      const words = sentences.flat().filter((t) => t.word);
      // Answers in another language have almost no English stop words ("the", "and", "to").
      if (words.length >= 6 && words.filter((t) => t.stop).length / words.length < 0.2) {
        return { status: 'REFUSED', reason: 'NOT_ENGLISH', message: 'the answer does not read as English; the codebook is English' };
      }
      const themes: Array<{ code: string; rule: string }> = [];
      for (const theme of codebook.themes) {
        const rule = theme.rules.find((r) => sentences.some((tokens) => matches(r, tokens)));
        if (rule) themes.push({ code: theme.code, rule: rule.source });
      }
      return { status: 'CODED', themes };
    },
  };
}
