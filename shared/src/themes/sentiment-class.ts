/**
 * Sentiment classes, without the NLP model (the SENTIMENT dimension needs them in every service;
 * loading wink's model there would cost every process its memory).
 */
export const SENTIMENTS = ['NEGATIVE', 'NEUTRAL', 'POSITIVE'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** Scores at or beyond this distance from 0 are negative or positive; between, neutral. */
export const SENTIMENT_CUT = 0.1;

export function sentimentClass(score: number): Sentiment {
  if (score <= -SENTIMENT_CUT) return 'NEGATIVE';
  if (score >= SENTIMENT_CUT) return 'POSITIVE';
  return 'NEUTRAL';
}
