import { english as engine } from './english';

export { SENTIMENTS, SENTIMENT_CUT, sentimentClass, type Sentiment } from './sentiment-class';

/**
 * An answer's sentiment, -1 (negative) to 1 (positive), rounded to 3 decimals: wink-nlp's
 * lexicon-based scorer (AFINN-style word scores with negation and emphasis), deterministic.
 */
export function sentimentOf(text: string): number {
  const { its } = engine();
  const score = engine()
    .readDoc(text)
    .out(its.sentiment as never) as unknown as number;
  return Math.round((Number.isFinite(score) ? score : 0) * 1000) / 1000;
}
